import { dirname, join } from 'node:path';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Express } from 'express';

/** Served from node_modules: government intranets have no internet, so no CDN may be needed. */
const ASSETS: Record<string, { file: string; type: string }> = {
  'react.js': { file: join(dirname(require.resolve('react')), 'umd/react.production.min.js'), type: 'text/javascript' },
  'react-dom.js': { file: join(dirname(require.resolve('react-dom')), 'umd/react-dom.production.min.js'), type: 'text/javascript' },
  'graphiql.js': { file: require.resolve('graphiql/graphiql.min.js'), type: 'text/javascript' },
  'graphiql.css': { file: require.resolve('graphiql/graphiql.min.css'), type: 'text/css' },
};

export const EXPLORER_ASSETS_PATH = '/explorer-assets';

export function mountExplorerAssets(app: Express): void {
  for (const [name, { file, type }] of Object.entries(ASSETS)) {
    app.get(`${EXPLORER_ASSETS_PATH}/${name}`, (_req, res) => {
      res.type(type).setHeader('Cache-Control', 'public, max-age=86400');
      res.sendFile(file);
    });
  }
}

const page = (endpoint: string) => `<!doctype html>
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
  <script>
    const fetcher = GraphiQL.createFetcher({ url: ${JSON.stringify(endpoint)} });
    const defaultQuery = '# 汇谷 Talent Hub\\n{\\n  regions(level: TOWN) { code name }\\n}\\n';
    ReactDOM.createRoot(document.getElementById('graphiql')).render(
      React.createElement(GraphiQL, { fetcher, defaultQuery, defaultEditorToolsVisibility: true }),
    );
  </script>
</body>
</html>`;

/** Apollo's landing-page hook, answering browsers on GET /graphql with the offline GraphiQL. */
export function explorerLandingPage(endpoint: string): ApolloServerPlugin {
  return {
    async serverWillStart() {
      return { async renderLandingPage() { return { html: page(endpoint) }; } };
    },
  };
}
