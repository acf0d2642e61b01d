// Starts Swagger UI (vendored, static/swagger-ui-5.35.0) on this application's OpenAPI document.
// A separate file, not an inline script, so that /docs runs under the same Content-Security-Policy.
window.addEventListener("DOMContentLoaded", function () {
  var node = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: node.getAttribute("data-openapi-url"),
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout"
  });
});
