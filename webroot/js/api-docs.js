// The API reference page: Swagger UI (from its webjar, inside the jar) renders the node's own
// OpenAPI document. Kept in a file of its own: the pages' Content-Security-Policy allows no inline script.
window.addEventListener('DOMContentLoaded', () => {
  const target = document.getElementById('swagger-ui');
  if (typeof window.SwaggerUIBundle !== 'function') {
    target.textContent = '参考页面无法加载 / The reference could not be loaded: /api/v1/openapi.json';
    return;
  }
  window.SwaggerUIBundle({
    url: '/api/v1/openapi.json',
    dom_id: '#swagger-ui',
    deepLinking: true,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
    validatorUrl: null,
    defaultModelsExpandDepth: 0,
    docExpansion: 'list',
    tryItOutEnabled: false,
    persistAuthorization: false,
  });
});
