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

  it.each(['react.js', 'react-dom.js', 'graphiql.js', 'graphiql.css'])('serves %s from the project', async (asset) => {
    const response = await request(hub.app).get(`/explorer-assets/${asset}`);
    expect(response.status).toBe(200);
    expect(response.body.length ?? response.text.length).toBeGreaterThan(1000);
  });
});
