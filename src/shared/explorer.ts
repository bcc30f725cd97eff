import { dirname, join } from 'node:path';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Express } from 'express';
import helmet from 'helmet';

/** Served from node_modules: government intranets have no internet, so no CDN may be needed. */
const ASSETS: Record<string, { file: string; type: string }> = {
  'react.js': { file: join(dirname(require.resolve('react')), 'umd/react.production.min.js'), type: 'text/javascript' },
  'react-dom.js': { file: join(dirname(require.resolve('react-dom')), 'umd/react-dom.production.min.js'), type: 'text/javascript' },
  'graphiql.js': { file: require.resolve('graphiql/graphiql.min.js'), type: 'text/javascript' },
  'graphiql.css': { file: require.resolve('graphiql/graphiql.min.css'), type: 'text/css' },
};

export const EXPLORER_ASSETS_PATH = '/explorer-assets';

/** The page's own script, served as a file so the CSP allows no inline script at all. */
const bootstrap = (endpoint: string) => `const fetcher = GraphiQL.createFetcher({ url: ${JSON.stringify(endpoint)} });
const defaultQuery = '# 汇谷 Talent Hub\\n{\\n  regions(level: TOWN) { code name }\\n}\\n';
ReactDOM.createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, { fetcher, defaultQuery, defaultEditorToolsVisibility: true }),
);
`;

/**
 * Headers of the explorer page, its assets and every GET on the endpoint: scripts only from this
 * origin (none inline, no eval), requests only to it, no framing (clickjacking), no MIME sniffing.
 * Styles may be inline: GraphiQL's editor sets them, and a style cannot run code.
 */
const explorerHeaders = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      baseUri: ["'none'"],
      formAction: ["'none'"],
      frameAncestors: ["'none'"],
    },
  },
  frameguard: { action: 'deny' },
  // Intranet deployments may serve plain HTTP: HSTS is the reverse proxy's decision.
  strictTransportSecurity: false,
});

/**
 * GraphiQL (when GRAPHQL_EXPLORER allows it): its assets under EXPLORER_ASSETS_PATH, and the
 * security headers on them and on GET `endpoint`, where Apollo renders the page.
 */
export function mountExplorer(app: Express, endpoint: string): void {
  app.get(endpoint, explorerHeaders);
  app.use(EXPLORER_ASSETS_PATH, explorerHeaders);
  for (const [name, { file, type }] of Object.entries(ASSETS)) {
    app.get(`${EXPLORER_ASSETS_PATH}/${name}`, (_req, res) => {
      res.type(type).setHeader('Cache-Control', 'public, max-age=86400');
      res.sendFile(file);
    });
  }
  const script = bootstrap(endpoint);
  app.get(`${EXPLORER_ASSETS_PATH}/explorer.js`, (_req, res) => {
    res.type('text/javascript').setHeader('Cache-Control', 'no-cache');
    res.send(script);
  });
}

const page = `<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8" />
  <title>汇谷 Talent Hub · GraphiQL</title>
  <meta name="viewport" content="width=device-width, initial-scale=1" />
  <link rel="stylesheet" href="${EXPLORER_ASSETS_PATH}/graphiql.css" />
  <style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
</head>
<body>
  <div id="graphiql">Loading the query explorer…</div>
  <script src="${EXPLORER_ASSETS_PATH}/react.js"></script>
  <script src="${EXPLORER_ASSETS_PATH}/react-dom.js"></script>
  <script src="${EXPLORER_ASSETS_PATH}/graphiql.js"></script>
  <script src="${EXPLORER_ASSETS_PATH}/explorer.js"></script>
</body>
</html>`;

/** Apollo's landing-page hook, answering browsers on GET /graphql with the offline GraphiQL. */
export function explorerLandingPage(): ApolloServerPlugin {
  return {
    async serverWillStart() {
      return { async renderLandingPage() { return { html: page }; } };
    },
  };
}
