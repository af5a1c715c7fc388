// Draws Swagger UI for the document named by #swagger-ui's data-spec-url.
window.addEventListener("load", function () {
  var target = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: target.dataset.specUrl,
    domNode: target,
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: "BaseLayout",
  });
});
