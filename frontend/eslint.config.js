// eslint (flat config) for the browser code under src/: the app's own page scripts (src/app/,
// bundled per page by build.sh) and the modeler bundle's sources. `npm run lint`; `make lint` and
// `make test` run it after ruff.
const js = require('@eslint/js');
const globals = require('globals');

module.exports = [
  js.configs.recommended,
  {
    files: ['src/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: { ...globals.browser }
    }
  },
  {
    // The statistics charts use Apache ECharts' UMD global (vendor/echarts/echarts.min.js, loaded
    // before the page bundle). bpmn-js, dmn-js and the modeler bundle are read as window.BpmnJS,
    // window.DmnJS and window.SmeModeler, so they need no declaration.
    files: ['src/app/statistics.js'],
    languageOptions: { globals: { echarts: 'readonly' } }
  },
  {
    // The API page's Swagger UI: the UMD globals of swagger-ui-bundle's two scripts, loaded first.
    files: ['src/app/api-docs.js'],
    languageOptions: { globals: { SwaggerUIBundle: 'readonly', SwaggerUIStandalonePreset: 'readonly' } }
  },
  {
    files: ['eslint.config.js'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } }
  }
];
