import { readFileSync } from 'node:fs';

interface Schema {
  $ref?: string;
  type?: string;
  items?: Schema;
  oneOf?: Schema[];
  properties?: Record<string, Schema>;
}

interface Operation {
  summary?: string;
  requestBody?: { content: Record<string, { schema?: Schema }> };
  responses: Record<string, { description?: string; content?: Record<string, { schema?: Schema }> }>;
  parameters?: { in: string; name: string }[];
}

/** The committed OpenAPI document (CI separately checks it matches the code). */
const doc = JSON.parse(readFileSync('docs/openapi.json', 'utf8')) as {
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};
const schemaOf = (s: Schema | undefined): Schema | undefined =>
  s?.$ref ? doc.components.schemas[s.$ref.replace('#/components/schemas/', '')] : s;
const okSchema = (op: Operation) => op.responses['200']?.content?.['application/json']?.schema;
/** Stable codes quoted in a response's description. */
const codesOf = (description = '') => [...description.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]);
const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, op })),
);

describe('OpenAPI document', () => {
  it('describes every route with a success response schema (or an explicit 204)', () => {
    const missing = operations.filter(({ op }) => {
      const success = Object.entries(op.responses).filter(([status]) => status.startsWith('2'));
      return (
        success.length === 0 ||
        // JSON normally; an image or file route describes its binary body instead.
        success.some(([status, r]) => status !== '204' && !Object.values(r.content ?? {}).some((c) => c.schema))
      );
    });
    expect(missing.map((m) => m.route)).toEqual([]);
  });

  it('describes the body of every POST and PATCH that takes one', () => {
    const bodyless = new Set([
      'POST /api/v1/platform/auth/logout',
      'POST /api/v1/platform/tenants/{id}/suspend',
      'POST /api/v1/platform/tenants/{id}/resume',
      'POST /api/v1/notifications/read-all',
      'POST /api/v1/notifications/{id}/read',
      'POST /api/v1/platform/jobs/{queue}/{id}/retry',
      'POST /api/v1/plugins/{id}/enable',
      'POST /api/v1/plugins/{id}/disable',
      'POST /api/v1/referrals/{id}/accept',
      'POST /api/v1/plugins/grid/open311/keys/{id}/revoke',
    ]);
    const missing = operations.filter(
      ({ route, op }) => /^(POST|PATCH) /.test(route) && !bodyless.has(route) && !op.requestBody?.content,
    );
    expect(missing.map((m) => m.route)).toEqual([]);
  });

  it('documents error responses with the stable error body', () => {
    expect(doc.components.schemas.ApiErrorDto?.properties).toHaveProperty('code');
    const withoutErrors = operations.filter(({ op }) => !Object.keys(op.responses).some((s) => s.startsWith('4')));
    expect(withoutErrors.map((m) => m.route)).toEqual([]);
  });

  it('lists cursor pagination on list endpoints', () => {
    const lists = [
      '/api/v1/org-units',
      '/api/v1/users',
      '/api/v1/role-assignments',
      '/api/v1/partner-bodies',
      '/api/v1/audit-events',
    ];
    for (const path of lists) {
      const names = (doc.paths[path]!.get!.parameters ?? []).map((p) => p.name);
      expect(names).toEqual(expect.arrayContaining(['limit', 'cursor']));
    }
  });

  it('gives every operation a summary', () => {
    expect(operations.filter(({ op }) => !op.summary?.trim()).map((m) => m.route)).toEqual([]);
  });

  it('documents dual-report’s evaluations and calls with its own schemas, not the grid’s', () => {
    const { schemas } = doc.components;
    for (const name of ['CallView', 'EvaluationView', 'CallNoteDto']) {
      expect(schemas[name]).toBeUndefined();
      expect(schemas[`DualReport${name}`]).toBeDefined();
      expect(schemas[`DualReport${name}`]).not.toEqual(schemas[`Grid${name}`]);
    }
    const calls = schemaOf(okSchema(doc.paths['/api/v1/plugins/dual-report/calls']!.get!));
    expect(calls?.properties?.items?.items).toEqual({ $ref: '#/components/schemas/DualReportCallView' });
    const evaluations = schemaOf(okSchema(doc.paths['/api/v1/plugins/dual-report/evaluations']!.get!));
    expect(evaluations?.properties?.items?.items).toEqual({ $ref: '#/components/schemas/DualReportEvaluationView' });
    const gridCalls = schemaOf(okSchema(doc.paths['/api/v1/plugins/grid/calls']!.get!));
    expect(gridCalls?.properties?.items?.items).toEqual({ $ref: '#/components/schemas/GridCallView' });
  });

  it('names a plugin’s model once for its plugin, never twice (GridDetailView, not GridGridDetailView)', () => {
    const names = Object.keys(doc.components.schemas);
    expect(names).toContain('GridDetailView');
    expect(names.filter((n) => /^(Grid){2}|^(DualReport){2}/.test(n))).toEqual([]);
  });

  it('documents each 409 with the error body and the codes it may carry', () => {
    const conflicts = operations.filter(({ op }) => op.responses['409']);
    for (const { route, op } of conflicts) {
      expect({ route, schema: op.responses['409']!.content?.['application/json']?.schema }).toEqual({
        route,
        schema: { $ref: '#/components/schemas/ApiErrorDto' },
      });
      expect({ route, codes: codesOf(op.responses['409']!.description).length > 0 }).toEqual({ route, codes: true });
    }
    const codes = (method: string, path: string) => codesOf(doc.paths[path]![method]!.responses['409']?.description);
    expect(codes('delete', '/api/v1/org-units/{id}')).toEqual(
      expect.arrayContaining(['CANNOT_DELETE_ROOT', 'UNIT_HAS_CHILDREN', 'UNIT_HAS_ASSIGNMENTS', 'UNIT_HAS_MEMBERS']),
    );
    expect(codes('post', '/api/v1/users')).toEqual(expect.arrayContaining(['DUPLICATE', 'IDEMPOTENCY_KEY_REUSED']));
    expect(codes('post', '/api/v1/platform/tenants')).toEqual(['TENANT_CODE_TAKEN']);
    expect(codes('post', '/api/v1/plugins/{id}/enable')).toEqual(
      expect.arrayContaining(['PLUGIN_ALREADY_ENABLED', 'PLUGIN_DEPENDENCY_DISABLED', 'PLUGIN_QUARANTINED']),
    );
    // Plugins' own codes, through the SDK's ApiConflict.
    expect(codes('post', '/api/v1/plugins/grid/items')).toEqual(expect.arrayContaining(['GRID_ITEM_CODE_TAKEN']));
    expect(codes('post', '/api/v1/plugins/dual-report/calls/{id}/signups')).toEqual(
      expect.arrayContaining(['DUAL_REPORT_CALL_FULL', 'DUAL_REPORT_ALREADY_SIGNED_UP']),
    );
  });

  it('documents an error’s details as an array of field errors', () => {
    const details = doc.components.schemas.ApiErrorDto!.properties!.details!;
    expect(details.oneOf).toContainEqual({ type: 'array', items: { $ref: '#/components/schemas/FieldErrorDto' } });
    expect(Object.keys(doc.components.schemas.FieldErrorDto!.properties!)).toEqual(
      expect.arrayContaining(['field', 'constraint', 'code', 'message']),
    );
  });

  it('names the server the export was configured with (PUBLIC_URL, here its default)', () => {
    expect(doc.servers).toEqual([{ url: 'http://localhost:3000' }]);
  });

  it('answers every list with an envelope that takes limit and cursor', () => {
    // Open311 answers the arrays its specification prescribes; ancestors are one path, root first.
    const bareArrays = operations
      .filter(({ route, op }) => route.startsWith('GET ') && okSchema(op)?.type === 'array')
      .map((m) => m.route)
      .filter((route) => !route.includes('/open311/'));
    expect(bareArrays).toEqual(['GET /api/v1/org-units/{id}/ancestors']);
    const envelopes = operations.filter(
      ({ route, op }) => route.startsWith('GET ') && schemaOf(okSchema(op))?.properties?.nextCursor,
    );
    expect(envelopes.length).toBeGreaterThan(30);
    const withoutPaging = envelopes
      .filter(({ op }) => !['limit', 'cursor'].every((n) => (op.parameters ?? []).some((p) => p.name === n)))
      .map((m) => m.route);
    expect(withoutPaging).toEqual([]);
    // An indicator's figures per child unit are one computed answer (one statement), not a list.
    const computed = new Set(['GET /api/v1/indicators/{key}/children']);
    const withoutCursor = operations
      .filter(({ route }) => route.startsWith('GET ') && !computed.has(route))
      .filter(({ op }) => schemaOf(okSchema(op))?.properties?.items)
      .filter(({ op }) => !schemaOf(okSchema(op))?.properties?.nextCursor)
      .map((m) => m.route);
    expect(withoutCursor).toEqual([]);
  });
});
