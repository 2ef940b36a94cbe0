// CloudFront Function (viewer request) on the site's S3 behaviour. An S3 REST origin knows no
// directories: /guides/birth/ becomes /guides/birth/index.html, and /guides/birth (no dot in
// the last segment) is redirected to /guides/birth/ with its query, as `make serve` does.
function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.endsWith("/")) {
    request.uri = uri + "index.html";
    return request;
  }
  var last = uri.substring(uri.lastIndexOf("/") + 1);
  if (last.indexOf(".") !== -1) {
    return request;
  }
  var parts = [];
  for (var name in request.querystring) {
    var entry = request.querystring[name];
    var values = entry.multiValue ? entry.multiValue : [entry];
    for (var i = 0; i < values.length; i++) {
      parts.push(name + "=" + values[i].value);
    }
  }
  return {
    statusCode: 301,
    statusDescription: "Moved Permanently",
    headers: {
      location: { value: uri + "/" + (parts.length ? "?" + parts.join("&") : "") },
      "cache-control": { value: "public, max-age=3600" },
    },
  };
}
