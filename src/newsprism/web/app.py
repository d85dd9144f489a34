"""The web view of a story store: pages for people, a paginated JSON API under ``/api/``.

Read-only against the store unless ``allow_upload``; every article string is escaped by
Jinja2's autoescape and the pages carry a strict Content-Security-Policy (no scripts).
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar
from urllib.parse import quote, urlencode, urlsplit

from fastapi import APIRouter, Depends, FastAPI, File, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.middleware.trustedhost import TrustedHostMiddleware

from newsprism.ingest import DEFAULT_MAX_BYTES
from newsprism.model import Document
from newsprism.store import StoryReader
from newsprism.store.read import MAX_LIMIT, MAX_OFFSET
from newsprism.store.views import (
    ActorRow,
    AttributionRow,
    ClaimRow,
    ClaimScope,
    DocumentRow,
    EntityDetail,
    EventRow,
    NamingRow,
    OutletRow,
    Overview,
    Page,
    SearchHit,
    SourceClass,
    SourceRef,
)
from newsprism.views import template_loader
from newsprism.views.article import article_blocks
from newsprism.views.select import split_timeline
from newsprism.web.charts import ChartCache
from newsprism.web.upload import UploadResult, add_uploads, safe_name

# this machine's names; and "testserver", the Host that in-process ASGI test clients (Starlette's
# TestClient) send: a single-label name no public DNS can point at this machine, so allowing it opens
# nothing to DNS rebinding and lets an application that embeds the app test it as it is
LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]", "testserver")
SAME_ORIGIN = ("same-origin", "none")  # Sec-Fetch-Site of the server's own pages, or typed by the user
UPLOAD_OVERHEAD = 1 << 20  # multipart headers and boundaries around the files of one upload
CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="page size")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="items to skip")]
Scope = Annotated[ClaimScope, Query(description="corroborated: two or more independent sources, or contested; all: "
                                                "every claim, single-source ones too")]


T = TypeVar("T")


def _found(value: T | None, what: str) -> T:
    """The API's 404 for an id the store does not hold."""
    if value is None:
        raise HTTPException(404, f"no such {what}")
    return value


def get_reader(request: Request) -> Iterator[StoryReader]:
    """One read-only connection per request."""
    r = StoryReader(request.app.state.db)
    try:
        yield r
    finally:
        r.close()


R = Annotated[StoryReader, Depends(get_reader)]


def doc_url(doc_id: str) -> str:
    return f"/documents/{quote(doc_id, safe='')}"


def ref_url(ref: SourceRef | None) -> str | None:
    """The reader URL that opens ``ref`` with its span highlighted and its sentence in view."""
    if ref is None:
        return None
    query = f"?hl={ref.start}-{ref.end}" if ref.start is not None and ref.end is not None else ""
    frag = f"#doc-s{ref.sentence}" if ref.sentence is not None else ""
    return doc_url(ref.doc_id) + query + frag


def span_url(doc_id: str, start: int | None, end: int | None, sentence: int | None) -> str | None:
    return ref_url(SourceRef(doc_id=doc_id, start=start, end=end, sentence=sentence))


def _env() -> Environment:
    env = Environment(loader=template_loader("newsprism.web"), autoescape=select_autoescape(default=True), trim_blocks=True,
                      lstrip_blocks=True)
    env.globals.update(ref_url=ref_url, doc_url=doc_url, span_url=span_url, urlencode=urlencode)
    return env


def _parse_hl(hl: str | None) -> tuple[int, int] | None:
    if not hl:
        return None
    try:
        start, end = (int(x) for x in hl.split("-", 1))
    except ValueError:
        return None
    return (start, end) if 0 <= start <= end else None


def create_app(db_path: str | Path, allow_upload: bool = False, max_upload_bytes: int = DEFAULT_MAX_BYTES,
               hosts: Sequence[str] = ()) -> FastAPI:
    """The web view of the story store at ``db_path`` (read-only unless ``allow_upload``).

    Requests must name this machine (:data:`LOCAL_HOSTS`) or one of ``hosts`` in their ``Host``
    header (else 400), so a page whose DNS name is rebound to this address cannot read the story.
    """
    db = Path(db_path)
    StoryReader(db).close()  # fail now, with a clear error, if the store cannot be read
    charts = ChartCache()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        threading.Thread(target=charts.warm, args=(db, ref_url), daemon=True).start()
        yield

    app = FastAPI(title="newsprism story", version="1", docs_url=None, redoc_url=None, lifespan=lifespan,
                  openapi_url="/api/openapi.json",
                  description="A story store: entities, attributions, claims, timeline, outlets, documents.")
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=[*LOCAL_HOSTS, *hosts], www_redirect=False)
    templates = Jinja2Templates(env=_env())
    app.state.db = db
    app.state.allow_upload = allow_upload

    @app.middleware("http")
    async def headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    def page(request: Request, name: str, status_code: int = 200, **ctx: Any) -> HTMLResponse:
        ctx.update(allow_upload=allow_upload, q=ctx.get("q", ""))
        return templates.TemplateResponse(request, name, ctx, status_code=status_code)

    def not_found(request: Request, what: str) -> HTMLResponse:
        return page(request, "message.html.j2", status_code=404, title="Not found", message=f"No such {what}.")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    # ----- pages -----
    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def overview_page(request: Request, r: R) -> HTMLResponse:
        ov = r.overview()
        return page(request, "overview.html.j2", o=ov, chart_claims=charts.get("claims", r, ref_url),
                    chart_timeline=charts.get("timeline", r, ref_url), chart_sources=charts.get("sources", r, ref_url))

    @app.get("/entities", response_class=HTMLResponse, include_in_schema=False)
    def entities_page(request: Request, r: R, limit: Limit = 50, offset: Offset = 0) -> HTMLResponse:
        ents = r.entities(limit, offset)
        return page(request, "entities.html.j2", p=ents, actors=r.key_actors() if not ents.total else [])

    @app.get("/entities/{entity_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def entity_page(request: Request, entity_id: str, r: R) -> HTMLResponse:
        e = r.entity(entity_id)
        return not_found(request, "entity") if e is None else page(request, "entity.html.j2", e=e)

    @app.get("/claims", response_class=HTMLResponse, include_in_schema=False)
    def claims_page(request: Request, r: R, limit: Limit = 50, offset: Offset = 0, contested: bool | None = None,
                    claims: Scope = "corroborated") -> HTMLResponse:
        chart = charts.get("claims", r, ref_url) if not offset and contested is None and claims != "all" else None
        return page(request, "claims.html.j2", p=r.claims(limit, offset, contested, claims), contested=contested,
                    scope=claims, hidden=r.single_source_claims() if claims != "all" else 0, chart=chart)

    @app.get("/claims/{claim_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def claim_page(request: Request, claim_id: str, r: R) -> HTMLResponse:
        c = r.claim(claim_id)
        return not_found(request, "claim") if c is None else page(request, "claim.html.j2", c=c)

    @app.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
    def timeline_page(request: Request, r: R, limit: Limit = 100, offset: Offset = 0) -> HTMLResponse:
        events = r.timeline(limit, offset, background=False)
        background = r.timeline(MAX_LIMIT, background=True).items
        resolved = bool(events.total or background)
        shown = events if resolved else r.dated_mentions(limit, offset)
        return page(request, "timeline.html.j2", p=shown, resolved=resolved, background=background,
                    parts=split_timeline(shown.items + background, r.window()),
                    chart=charts.get("timeline", r, ref_url))

    @app.get("/quotes", response_class=HTMLResponse, include_in_schema=False)
    def quotes_page(request: Request, r: R, limit: Limit = 50, offset: Offset = 0, outlet: str | None = None,
                    source: SourceClass | None = None) -> HTMLResponse:
        return page(request, "quotes.html.j2", p=r.attributions(limit, offset, outlet, source), outlet=outlet,
                    source=source)

    @app.get("/outlets", response_class=HTMLResponse, include_in_schema=False)
    def outlets_page(request: Request, r: R) -> HTMLResponse:
        return page(request, "outlets.html.j2", outlets=r.source_matrix(), naming=r.naming(), first_use=r.first_use,
                    chart=charts.get("sources", r, ref_url))

    @app.get("/documents", response_class=HTMLResponse, include_in_schema=False)
    def documents_page(request: Request, r: R, limit: Limit = 50, offset: Offset = 0,
                       outlet: str | None = None) -> HTMLResponse:
        return page(request, "documents.html.j2", p=r.documents(limit, offset, outlet), outlet=outlet)

    @app.get("/documents/{doc_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, doc_id: str, r: R, hl: str | None = None) -> HTMLResponse:
        doc = r.document(doc_id)
        if doc is None:
            return not_found(request, "document")
        span = _parse_hl(hl)
        return page(request, "document.html.j2", doc=doc, blocks=article_blocks(doc, highlight=span),
                    hl=span, hl_text=doc.text[span[0]:span[1]] if span else None)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, r: R, q: str = "", limit: Limit = 20, offset: Offset = 0) -> HTMLResponse:
        hits = r.search(q, limit, offset) if q.strip() else None
        return page(request, "search.html.j2", p=hits, q=q)

    # ----- uploads -----
    def check_origin(request: Request) -> None:
        """Uploads only from this server's own pages: a sandboxed frame or a ``file:`` page sends ``Origin: null``."""
        origin = request.headers.get("origin")
        site = request.headers.get("sec-fetch-site")
        if (origin is not None and urlsplit(origin).netloc != request.headers.get("host")) or (
                site is not None and site not in SAME_ORIGIN):
            raise HTTPException(403, "uploads are accepted only from this server's own pages")

    async def upload(request: Request, files: list[UploadFile]) -> UploadResult:
        check_origin(request)
        named = [(safe_name(f.filename), f.file) for f in files if f.filename]
        return await run_in_threadpool(add_uploads, db, named, max_upload_bytes)

    bound = max_upload_bytes + UPLOAD_OVERHEAD  # a larger body is refused (413) as it streams in
    if allow_upload:
        @app.get("/upload", response_class=HTMLResponse, include_in_schema=False)
        def upload_form(request: Request) -> HTMLResponse:
            return page(request, "upload.html.j2", result=None)

        @app.post("/upload", response_class=HTMLResponse, include_in_schema=False, max_body_size=bound)
        async def upload_page(request: Request, files: Annotated[list[UploadFile], File()] = ()) -> HTMLResponse:  # type: ignore[assignment]
            result = await upload(request, files)
            return page(request, "upload.html.j2", result=result, status_code=200 if result.ok else 400)

    # ----- JSON API -----
    api = APIRouter(prefix="/api", tags=["story"])

    @api.get("/overview", response_model=Overview, summary="Counts, story facts, key actors, top claims")
    def api_overview(r: R) -> Overview:
        return r.overview()

    @api.get("/documents", response_model=Page[DocumentRow], summary="Documents, paginated")
    def api_documents(r: R, limit: Limit = 50, offset: Offset = 0, outlet: str | None = None) -> Page[DocumentRow]:
        return r.documents(limit, offset, outlet)

    @api.get("/documents/{doc_id:path}", response_model=Document, summary="One document with all its spans")
    def api_document(doc_id: str, r: R) -> Document:
        return _found(r.document(doc_id), "document")

    @api.get("/entities", response_model=Page[ActorRow], summary="Resolved entities, most reported first")
    def api_entities(r: R, limit: Limit = 50, offset: Offset = 0) -> Page[ActorRow]:
        return r.entities(limit, offset)

    @api.get("/entities/{entity_id:path}", response_model=EntityDetail,
             summary="An entity: aliases by outlet, quotes by and about it")
    def api_entity(entity_id: str, r: R) -> EntityDetail:
        return _found(r.entity(entity_id), "entity")

    @api.get("/attributions", response_model=Page[AttributionRow], summary="Who said what, paginated")
    def api_attributions(r: R, limit: Limit = 50, offset: Offset = 0, outlet: str | None = None,
                         source: SourceClass | None = None) -> Page[AttributionRow]:
        return r.attributions(limit, offset, outlet, source)

    @api.get("/claims", response_model=Page[ClaimRow],
             summary="Claims ranked by independent corroboration, with stances")
    def api_claims(r: R, limit: Limit = 50, offset: Offset = 0, contested: bool | None = None,
                   claims: Scope = "all") -> Page[ClaimRow]:
        return r.claims(limit, offset, contested, claims)

    @api.get("/claims/{claim_id:path}", response_model=ClaimRow, summary="One claim with its members")
    def api_claim(claim_id: str, r: R) -> ClaimRow:
        return _found(r.claim(claim_id), "claim")

    @api.get("/timeline", response_model=Page[EventRow], summary="Timeline events in date order")
    def api_timeline(r: R, limit: Limit = 100, offset: Offset = 0,
                     background: Annotated[bool | None, Query(description="only events outside (true) or inside "
                                                                         "(false) the story's window")] = None,
                     ) -> Page[EventRow]:
        return r.timeline(limit, offset, background)

    @api.get("/outlets", response_model=list[OutletRow], summary="Outlet profiles: source mix, hedges, naming")
    def api_outlets(r: R) -> list[OutletRow]:
        return r.source_matrix()

    @api.get("/naming", response_model=list[NamingRow], summary="Naming choices where outlets differ")
    def api_naming(r: R) -> list[NamingRow]:
        return r.naming()

    @api.get("/search", response_model=Page[SearchHit], summary="Full-text search over quotes and claims")
    def api_search(r: R, q: Annotated[str, Query(min_length=1)], limit: Limit = 20,
                   offset: Offset = 0) -> Page[SearchHit]:
        return r.search(q, limit, offset)

    if allow_upload:
        @api.post("/documents", response_model=UploadResult, summary="Add reports (same path as `newsprism add`)",
                  responses={400: {"model": UploadResult, "description": "nothing could be added"},
                             413: {"description": f"the upload is larger than {bound} bytes"}},
                  max_body_size=bound)
        async def api_upload(request: Request, files: Annotated[list[UploadFile], File()]) -> JSONResponse:
            result = await upload(request, files)
            return JSONResponse(result.model_dump(), status_code=200 if result.ok else 400)

    app.include_router(api)

    @app.get("/api", response_class=HTMLResponse, include_in_schema=False)
    def api_index(request: Request) -> HTMLResponse:
        schema = app.openapi()
        routes = [(m.upper(), path, op.get("summary", "")) for path, ops in schema["paths"].items()
                  for m, op in ops.items()]
        return page(request, "api.html.j2", routes=routes)

    return app
