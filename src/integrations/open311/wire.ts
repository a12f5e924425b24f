import { XMLBuilder } from 'fast-xml-parser';

/**
 * Open311 GeoReport v2 on the wire: each document in JSON (the spec's arrays and objects) or in XML (the spec's
 * element names), built by fast-xml-parser rather than by string templates, so that every value is escaped.
 */
export const FORMATS = ['xml', 'json'] as const;
export type Format = (typeof FORMATS)[number];

export const CONTENT_TYPES: Record<Format, string> = {
  xml: 'text/xml; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/** `requests.json` → `{ name: 'requests', format: 'json' }`; null without one of the two formats. */
export function splitFormat(file: string): { name: string; format: Format } | null {
  const dot = file.lastIndexOf('.');
  if (dot <= 0) return null;
  const format = file.slice(dot + 1).toLowerCase();
  return format === 'xml' || format === 'json' ? { name: file.slice(0, dot), format } : null;
}

/** The documents of the spec and FixMyStreet's extension: the XML root and the element of each list item. */
export const DOCUMENTS = {
  discovery: { root: 'discovery', item: null },
  services: { root: 'services', item: 'service' },
  service_definition: { root: 'service_definition', item: null },
  service_requests: { root: 'service_requests', item: 'request' },
  errors: { root: 'errors', item: 'error' },
  service_requests_updates: { root: 'service_requests_updates', item: 'request_update' },
  service_request_updates: { root: 'service_request_updates', item: 'request_update' },
} as const;
export type DocumentKind = keyof typeof DOCUMENTS;

/** A list inside an element is written as its plural wrapping one element per item. */
const NESTED_ITEMS: Record<string, string> = {
  endpoints: 'endpoint',
  formats: 'format',
  attributes: 'attribute',
  values: 'value',
  keywords: 'keyword',
};

function toXmlValue(value: unknown, key: string): unknown {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) {
    const item = NESTED_ITEMS[key];
    if (!item) throw new Error(`Open311 XML: no element is named for the items of ${key}`);
    return { [item]: value.map((one) => toXmlValue(one, item)) };
  }
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([name, inner]) => [name, toXmlValue(inner, name)]));
  }
  return String(value);
}

const builder = new XMLBuilder({ ignoreAttributes: true, suppressEmptyNode: false, format: false });

/** A document (plain JSON values) in the format asked for. */
export function render(format: Format, kind: DocumentKind, body: unknown): string {
  if (format === 'json') return JSON.stringify(body);
  const { root, item } = DOCUMENTS[kind];
  const content =
    item === null
      ? toXmlValue(body, root)
      : { [item]: (Array.isArray(body) ? body : [body]).map((one) => toXmlValue(one, item)) };
  return `<?xml version="1.0" encoding="utf-8"?>${builder.build({ [root]: content })}`;
}
