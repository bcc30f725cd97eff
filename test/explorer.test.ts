import request from 'supertest';
import { createTestApp, type TestApp } from './helpers/app';

let hub: TestApp;
beforeAll(async () => {
  hub = await createTestApp();
});
afterAll(() => hub.close());

describe('the query explorer', () => {
  it('answers a browser on GET /graphql with GraphiQL that loads nothing from the internet', async () => {
    const page = await request(hub.app).get('/graphql').set('accept', 'text/html');
    expect(page.status).toBe(200);
    expect(page.text).toContain('/explorer-assets/graphiql.js');
    expect(page.text).not.toMatch(/https?:\/\//);
  });

  it('runs no inline script, and forbids framing and MIME sniffing', async () => {
    const page = await request(hub.app).get('/graphql').set('accept', 'text/html');
    expect(page.text).not.toMatch(/<script>/);
    const csp = page.headers['content-security-policy'];
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
  });

  it.each(['react.js', 'react-dom.js', 'graphiql.js', 'graphiql.css', 'explorer.js'])('serves %s from the project, with the same headers', async (asset) => {
    const response = await request(hub.app).get(`/explorer-assets/${asset}`);
    expect(response.status).toBe(200);
    expect(response.body.length ?? response.text.length).toBeGreaterThan(asset === 'explorer.js' ? 100 : 1000);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });
});

describe('the query explorer when GRAPHQL_EXPLORER is off (the production default)', () => {
  let off: TestApp;
  beforeAll(async () => {
    off = await createTestApp({ env: { GRAPHQL_EXPLORER: 'false' } });
  });
  afterAll(() => off.close());

  it('answers a browser with no page (no GraphiQL, no Apollo landing page) and serves no assets', async () => {
    const page = await request(off.app).get('/graphql').set('accept', 'text/html');
    expect(page.headers['content-type']).not.toMatch(/html/);
    expect(page.text).not.toContain('GraphiQL');
    expect((await request(off.app).get('/explorer-assets/graphiql.js')).status).toBe(404);
  });

  it('still answers GraphQL', async () => {
    expect(await off.gql('{ serviceCategories { category } }')).toMatchObject({ data: { serviceCategories: expect.any(Array) } });
  });
});
