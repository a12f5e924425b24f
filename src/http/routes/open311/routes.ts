import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { fileOpen311Request } from '../../../commands/open311/file-open311-request.ts';
import { recordOpen311Update } from '../../../commands/open311/record-open311-update.ts';
import { rootAreaCodes } from '../../../db/repositories/areas.ts';
import {
  findKeyHolder,
  findOpen311Service,
  type KeyHolder,
  listOpen311Requests,
  listOpen311Services,
  type Open311RequestRow,
  open311UpdatesBetween,
  publicFactsOfEvents,
  touchOpen311Client,
  trackingCodeOfToken,
} from '../../../db/repositories/open311.ts';
import type { CatalogueItem } from '../../../domain/catalogue.ts';
import { ENDED_STATES, type EventStateName, OPEN_STATES } from '../../../domain/events.ts';
import {
  ATTRIBUTE_VALUE_MAX,
  open311Status,
  open311Time,
  parseExtendedStatus,
  publicUpdateOf,
  serviceAttributes,
  serviceNotice,
  statusNotesOf,
} from '../../../domain/open311.ts';
import { inputProblemText } from '../../../i18n/event-problems.ts';
import { REFUSAL_TEXT } from '../../../i18n/event-refusals.ts';
import type { Language } from '../../../i18n/language.ts';
import { OPEN311_TEXTS } from '../../../i18n/open311.ts';
import {
  CONTENT_TYPES,
  type DocumentKind,
  type Format,
  render,
  splitFormat,
} from '../../../integrations/open311/wire.ts';
import { hashSecretToken } from '../../../security/tokens.ts';
import type { HttpContext } from '../../context.ts';
import { Open311Error, Open311Params, open311Errors } from './params.ts';

/** GET requests: at most this many a page, and the window it covers when no dates are given. */
export const OPEN311_PAGE_MAX = 1000;
const DEFAULT_WINDOW_MS = 90 * 24 * 60 * 60 * 1000;
const DESCRIPTION_MAX = 4000;
/** When this interface last changed, as the discovery document tells clients. */
const CHANGESET = '2026-12-03T00:00:00+08:00';
const FORM_LIMIT = 64 * 1024;

/** `requests.json`: the resource and the format, or 404 for a file the API does not have. */
function resourceOf(request: FastifyRequest, file: string): { name: string; format: Format } {
  const split = splitFormat(file);
  if (!split) throw open311Errors.notFound(OPEN311_TEXTS.unknownResource(request.url.split('?')[0] ?? ''));
  return split;
}

/** The format an error is written in: the one the path asks for, else XML, the spec's required format. */
function formatOfPath(url: string): Format {
  const path = url.split('?')[0] ?? '';
  return splitFormat(path.slice(path.lastIndexOf('/') + 1))?.format ?? 'xml';
}

function send(reply: FastifyReply, format: Format, kind: DocumentKind, body: unknown, status = 200) {
  return reply
    .status(status)
    .type(CONTENT_TYPES[format])
    .send(render(format, kind, body));
}

function sendErrors(reply: FastifyReply, error: Open311Error) {
  const language = reply.request.language;
  const errors = error.descriptions.map((description) => ({
    code: error.status,
    description: description[language],
  }));
  return send(reply, formatOfPath(reply.request.url), 'errors', errors, error.status);
}

/** The query and the form body of a call as one set of parameters (a field in both is given twice). */
function paramsOf(request: FastifyRequest): Open311Params {
  const params = new URLSearchParams(request.url.split('?')[1] ?? '');
  if (request.body instanceof URLSearchParams) {
    for (const [name, value] of request.body) params.append(name, value);
  } else if (request.method === 'POST' && request.body !== undefined && request.body !== null) {
    throw open311Errors.invalid([OPEN311_TEXTS.notForm()]);
  }
  return new Open311Params(params);
}

function localName(item: CatalogueItem, language: Language): string {
  return language === 'en' ? item.nameEn : item.name;
}

type Bilingual = Record<Language, string>;
function said(text: Bilingual | null, language: Language): string {
  return text ? text[language] : '';
}

function presentRequest(
  row: Open311RequestRow,
  notes: Bilingual | null,
  language: Language,
): Record<string, unknown> {
  const item = row.catalogue_item as CatalogueItem;
  return {
    service_request_id: row.tracking_code,
    status: open311Status(row.state),
    status_notes: said(notes, language),
    service_name: localName(item, language),
    service_code: row.catalogue_item_code,
    description: row.description,
    agency_responsible: (language === 'en' ? row.agency_en : row.agency) ?? '',
    service_notice: serviceNotice(item)[language],
    requested_datetime: open311Time(row.reported_at),
    updated_datetime: open311Time(row.updated_at),
    expected_datetime: row.deadline_step === 'handle' && row.due_at ? open311Time(row.due_at) : '',
    address: row.address ?? '',
    address_id: row.area_code ?? '',
    zipcode: '',
    lat: row.lat ?? '',
    long: row.lng ?? '',
    media_url: row.media_url ?? '',
  };
}

/**
 * Open311 GeoReport v2 under /open311/v2, with FixMyStreet's servicerequestupdates. Every answer is the spec's
 * JSON or XML by the path's suffix; every failure is the spec's error list: 404 for an unknown resource or
 * jurisdiction, 403 for a missing or invalid api_key, 400 for anything else. Reports go through `reportEvent`
 * (via `fileOpen311Request`), as every report does. See docs/open311.md.
 */
export async function open311Routes(app: FastifyInstance, context: HttpContext): Promise<void> {
  await app.register(
    async (scope) => {
      const { db, clock, areaLocator } = context;
      scope.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string', bodyLimit: FORM_LIMIT },
        (_request, body, done) => done(null, new URLSearchParams(body as string)),
      );
      scope.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
        if (error instanceof Open311Error) return sendErrors(reply, error);
        if (error.statusCode === 415)
          return sendErrors(reply, open311Errors.invalid([OPEN311_TEXTS.notForm()]));
        if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
          return sendErrors(reply, open311Errors.invalid([{ 'zh-CN': error.message, en: error.message }]));
        }
        request.log.error({ err: error }, 'Open311 request failed');
        return sendErrors(reply, new Open311Error(500, [OPEN311_TEXTS.internal()]));
      });
      scope.setNotFoundHandler((request, reply) =>
        sendErrors(
          reply,
          open311Errors.notFound(OPEN311_TEXTS.unknownResource(request.url.split('?')[0] ?? '')),
        ),
      );

      /** jurisdiction_id is accepted when it names the district (a root area); absent, it is this one. */
      async function checkJurisdiction(params: Open311Params): Promise<void> {
        const id = params.text('jurisdiction_id', 100);
        if (id === null) return;
        const known = await rootAreaCodes(db, 100);
        if (!known.includes(id)) throw open311Errors.notFound(OPEN311_TEXTS.unknownJurisdiction(id, known));
      }

      async function keyHolder(params: Open311Params): Promise<KeyHolder> {
        const key = params.text('api_key', 200);
        if (key === null) throw open311Errors.forbidden(OPEN311_TEXTS.missingKey());
        const holder = await findKeyHolder(db, hashSecretToken(key));
        if (!holder) throw open311Errors.forbidden(OPEN311_TEXTS.invalidKey());
        await touchOpen311Client(db, holder.clientId, clock());
        return holder;
      }

      const hidden = { schema: { hide: true } };

      scope.get<{ Params: { file: string } }>('/:file', hidden, async (request, reply) => {
        const { name, format } = resourceOf(request, request.params.file);
        const params = paramsOf(request);
        await checkJurisdiction(params);
        switch (name) {
          case 'discovery':
            return send(reply, format, 'discovery', discovery(request));
          case 'services':
            return send(reply, format, 'services', await services(request.language));
          case 'requests':
            return send(reply, format, 'service_requests', await requests(params, request.language));
          case 'servicerequestupdates':
            return send(reply, format, 'service_requests_updates', await updates(params, request.language));
          default:
            throw open311Errors.notFound(OPEN311_TEXTS.unknownResource(request.url.split('?')[0] ?? ''));
        }
      });

      scope.get<{ Params: { file: string } }>('/services/:file', hidden, async (request, reply) => {
        const { name: code, format } = resourceOf(request, request.params.file);
        await checkJurisdiction(paramsOf(request));
        const service = await findOpen311Service(db, code);
        if (!service) throw open311Errors.notFound(OPEN311_TEXTS.unknownService(code));
        return send(reply, format, 'service_definition', {
          service_code: service.item.code,
          attributes: serviceAttributes(service.kind),
        });
      });

      scope.get<{ Params: { file: string } }>('/requests/:file', hidden, async (request, reply) => {
        const { name: id, format } = resourceOf(request, request.params.file);
        await checkJurisdiction(paramsOf(request));
        const found = await presentRequests({ trackingCodes: [id], limit: 1, offset: 0 }, request.language);
        if (found.length === 0) throw open311Errors.notFound(OPEN311_TEXTS.unknownRequest(id));
        return send(reply, format, 'service_requests', found);
      });

      scope.get<{ Params: { file: string } }>('/tokens/:file', hidden, async (request, reply) => {
        const { name: token, format } = resourceOf(request, request.params.file);
        await checkJurisdiction(paramsOf(request));
        const code = await trackingCodeOfToken(db, token);
        if (!code) throw open311Errors.notFound(OPEN311_TEXTS.unknownToken(token));
        return send(reply, format, 'service_requests', [{ service_request_id: code, token }]);
      });

      scope.post<{ Params: { file: string } }>('/:file', hidden, async (request, reply) => {
        const { name, format } = resourceOf(request, request.params.file);
        if (name !== 'requests' && name !== 'servicerequestupdates') {
          throw open311Errors.notFound(OPEN311_TEXTS.unknownResource(request.url.split('?')[0] ?? ''));
        }
        const params = paramsOf(request);
        await checkJurisdiction(params);
        const holder = await keyHolder(params);
        if (name === 'requests') {
          const { status, body } = await fileRequest(holder, params, request.language);
          return send(reply, format, 'service_requests', body, status);
        }
        const { status, body } = await receiveUpdate(holder, params);
        return send(reply, format, 'service_request_updates', body, status);
      });

      function discovery(request: FastifyRequest) {
        const url = `${request.protocol}://${request.host}/open311/v2`;
        return {
          changeset: CHANGESET,
          contact: said(
            { 'zh-CN': '区网格化指挥中心系统管理员', en: 'The district command centre’s administrators' },
            request.language,
          ),
          key_service: said(
            {
              'zh-CN': '由区系统管理员在“系统管理 → Open311 密钥”中签发',
              en: 'Issued by the district’s administrators (Administration → Open311 keys)',
            },
            request.language,
          ),
          endpoints: [
            {
              specification: 'http://wiki.open311.org/GeoReport_v2',
              url,
              changeset: CHANGESET,
              type: 'production',
              formats: ['text/xml', 'application/json'],
            },
          ],
        };
      }

      async function services(language: Language) {
        return (await listOpen311Services(db)).map(({ item, kind, className, classNameEn }) => ({
          service_code: item.code,
          service_name: localName(item, language),
          description: [
            language === 'en' ? classNameEn : className,
            item.standardRef ? `${item.standardRef}` : null,
          ]
            .filter(Boolean)
            .join(' · '),
          metadata: serviceAttributes(kind).length > 0,
          type: 'realtime',
          keywords: (item.keywords ?? []).join(','),
          group: language === 'en' ? classNameEn : className,
        }));
      }

      async function presentRequests(
        filter: Parameters<typeof listOpen311Requests>[1],
        language: Language,
      ): Promise<Record<string, unknown>[]> {
        const rows = await listOpen311Requests(db, filter);
        const facts = await publicFactsOfEvents(
          db,
          rows.map((row) => row.id),
        );
        return rows.map((row) =>
          presentRequest(row, statusNotesOf(facts.get(row.id) ?? [], row.merged_into_code), language),
        );
      }

      async function requests(params: Open311Params, language: Language) {
        const ids = params.list('service_request_id');
        const serviceCodes = params.list('service_code');
        const start = params.time('start_date');
        const end = params.time('end_date');
        const statuses = params.list('status');
        const page = params.wholeNumber('page', 1, 1_000_000) ?? 1;
        const pageSize = params.wholeNumber('page_size', 1, OPEN311_PAGE_MAX) ?? OPEN311_PAGE_MAX;
        for (const status of statuses ?? []) {
          if (status !== 'open' && status !== 'closed') params.problem(OPEN311_TEXTS.badStatus(status));
        }
        if (ids && ids.length > OPEN311_PAGE_MAX) params.problem(OPEN311_TEXTS.tooManyIds(OPEN311_PAGE_MAX));
        if (start && end && end < start) params.problem(OPEN311_TEXTS.endBeforeStart());
        params.throwIfInvalid();
        const paging = { limit: pageSize, offset: (page - 1) * pageSize };
        // Asked by id, every other filter is left aside, as the spec says.
        if (ids) return presentRequests({ trackingCodes: ids, ...paging }, language);
        const to = end ?? clock();
        const from = start ?? new Date(to.getTime() - DEFAULT_WINDOW_MS);
        const wanted = new Set(statuses ?? ['open', 'closed']);
        const states: EventStateName[] = [
          ...(wanted.has('open') ? OPEN_STATES : []),
          ...(wanted.has('closed') ? ENDED_STATES : []),
        ];
        return presentRequests(
          {
            ...(serviceCodes ? { serviceCodes } : {}),
            ...(wanted.size === 2 ? {} : { states }),
            reportedFrom: from,
            reportedTo: to,
            ...paging,
          },
          language,
        );
      }

      async function updates(params: Open311Params, language: Language) {
        const start = params.time('start_date');
        const end = params.time('end_date');
        if (start && end && end < start) params.problem(OPEN311_TEXTS.endBeforeStart());
        params.throwIfInvalid();
        const to = end ?? clock();
        const from = start ?? new Date(to.getTime() - DEFAULT_WINDOW_MS);
        const rows = await open311UpdatesBetween(db, from, new Date(to.getTime() + 1), OPEN311_PAGE_MAX);
        return rows.flatMap((row) => {
          const update = publicUpdateOf(row.fact, row.merged_into_code);
          if (!update) return [];
          return [
            {
              update_id: `${row.tracking_code}-${row.event_seq}`,
              service_request_id: row.tracking_code,
              status: update.status.toLowerCase(),
              updated_datetime: open311Time(new Date(row.at)),
              description: update.note[language],
              media_url: '',
            },
          ];
        });
      }

      async function fileRequest(holder: KeyHolder, params: Open311Params, language: Language) {
        const serviceCode = params.required('service_code', 100);
        const lat = params.number('lat', -90, 90);
        const lng = params.number('long', -180, 180);
        const addressString = params.text('address_string', 500);
        const gridCode = params.text('address_id', 100);
        const description = params.text('description', DESCRIPTION_MAX);
        const mediaUrl = params.url('media_url');
        const attributes = params.attributes(ATTRIBUTE_VALUE_MAX);
        if ((lat === null) !== (lng === null) && params.problems.length === 0) {
          params.problem(OPEN311_TEXTS.latWithoutLong());
        } else if (lat === null && lng === null && gridCode === null && params.problems.length === 0) {
          params.problem(OPEN311_TEXTS.noPlace());
        }
        params.throwIfInvalid();
        // Every field but the key: a client that retries the same request gets the same event, whatever key
        // it was sent with; two different residents' requests differ in their names or e-mails.
        const sent = [...params.params].filter(([key]) => key !== 'api_key').sort(compareEntries);
        const bodyHash = createHash('sha256').update(JSON.stringify(sent)).digest('hex');
        const outcome = await fileOpen311Request(
          db,
          await areaLocator.current(),
          holder,
          {
            serviceCode: serviceCode!,
            description,
            location: lat !== null && lng !== null ? { lat, lng } : null,
            gridCode,
            address: addressString,
            attributes,
            mediaUrl,
            bodyHash,
          },
          clock(),
        );
        if (!outcome.ok) throw refusal(outcome);
        return {
          status: outcome.replayed ? 200 : 201,
          body: [
            {
              service_request_id: outcome.trackingCode,
              token: outcome.eventId,
              service_notice: serviceNotice(outcome.service.item)[language],
              account_id: '',
            },
          ],
        };
      }

      async function receiveUpdate(holder: KeyHolder, params: Open311Params) {
        const updateId = params.required('update_id', 200);
        const serviceRequestId = params.required('service_request_id', 100);
        const statusText = params.required('status', 100);
        const description = params.text('description', DESCRIPTION_MAX) ?? '';
        const updatedAt = params.time('updated_datetime');
        if (updatedAt === null && !params.params.get('updated_datetime')?.trim()) {
          params.problem(OPEN311_TEXTS.required('updated_datetime'));
        }
        const mediaUrl = params.url('media_url');
        const status = statusText === null ? null : parseExtendedStatus(statusText);
        if (statusText !== null && status === null)
          params.problem(OPEN311_TEXTS.badExtendedStatus(statusText));
        params.throwIfInvalid();
        const outcome = await recordOpen311Update(
          db,
          await areaLocator.current(),
          holder,
          {
            updateId: updateId!,
            serviceRequestId: serviceRequestId!,
            status: status!,
            description,
            updatedAt: updatedAt!,
            mediaUrl,
          },
          clock(),
        );
        if (!outcome.ok) throw open311Errors.notFound(OPEN311_TEXTS.notYourRequest(serviceRequestId!));
        return { status: outcome.replayed ? 200 : 201, body: [{ update_id: String(outcome.id) }] };
      }
    },
    { prefix: '/open311/v2' },
  );
}

function compareEntries(a: [string, string], b: [string, string]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

function refusal(
  outcome: Exclude<Awaited<ReturnType<typeof fileOpen311Request>>, { ok: true }>,
): Open311Error {
  if ('unknownService' in outcome)
    return open311Errors.invalid([OPEN311_TEXTS.unknownService(outcome.unknownService)]);
  if ('attributeProblems' in outcome)
    return open311Errors.invalid(outcome.attributeProblems.map(OPEN311_TEXTS.attribute));
  if ('notFound' in outcome) return open311Errors.notFound(OPEN311_TEXTS.unknownRequest(''));
  if ('problem' in outcome) {
    switch (outcome.problem.reason) {
      case 'outside_every_area':
        return open311Errors.invalid([OPEN311_TEXTS.outsideDistrict()]);
      case 'unknown_area':
      case 'area_not_a_grid':
        return open311Errors.invalid([OPEN311_TEXTS.notAGrid()]);
    }
    const text = inputProblemText(outcome.problem);
    return outcome.problem.reason === 'not_permitted' || outcome.problem.reason === 'source_not_permitted'
      ? open311Errors.forbidden(text)
      : open311Errors.invalid([text]);
  }
  return open311Errors.invalid([REFUSAL_TEXT[outcome.refusal.reason]]);
}
