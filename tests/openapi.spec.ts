import { readFileSync } from 'node:fs';

interface Operation {
  requestBody?: { content: Record<string, { schema?: object }> };
  responses: Record<string, { content?: Record<string, { schema?: object }> }>;
  parameters?: { in: string; name: string }[];
}

/** The committed OpenAPI document (CI separately checks it matches the code). */
const doc = JSON.parse(readFileSync('docs/openapi.json', 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties?: object }> };
};
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
});
