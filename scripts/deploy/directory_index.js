// CloudFront Function (viewer request) on the site's S3 behaviour.
// 1. An S3 REST origin knows no directories: /guides/birth/ becomes /guides/birth/index.html,
//    and /guides/birth (no dot in the last segment) is redirected to /guides/birth/ with its
//    query, as `make serve` does.
// 2. Every text file has precompressed copies beside it (scripts/precompress.py), stored with
//    their Content-Encoding: a browser that accepts Brotli gets name.br, else gzip name.gz.
//    The rewritten URI is the cache key, so each encoding is cached apart. Keep COMPRESSIBLE
//    equal to COMPRESSIBLE_SUFFIXES in scripts/precompress.py (a test compares them).
var COMPRESSIBLE = [
  ".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt", ".csv", ".map",
  ".webmanifest", ".ics",
];

function acceptedEncodings(request) {
  var header = request.headers["accept-encoding"];
  var accepted = {};
  if (!header) {
    return accepted;
  }
  var items = header.value.toLowerCase().split(",");
  for (var i = 0; i < items.length; i++) {
    var parts = items[i].split(";");
    var name = parts[0].trim();
    var quality = parts.length > 1 ? parts[1].trim().replace("q=", "") : "1";
    if (name && !(parseFloat(quality) === 0)) {
      accepted[name] = true;
    }
  }
  return accepted;
}

function withEncoding(request) {
  var uri = request.uri;
  var dot = uri.lastIndexOf(".");
  if (dot === -1 || COMPRESSIBLE.indexOf(uri.substring(dot).toLowerCase()) === -1) {
    return request;
  }
  var accepted = acceptedEncodings(request);
  if (accepted.br) {
    request.uri = uri + ".br";
  } else if (accepted.gzip) {
    request.uri = uri + ".gz";
  }
  return request;
}

function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.endsWith("/")) {
    request.uri = uri + "index.html";
    return withEncoding(request);
  }
  var last = uri.substring(uri.lastIndexOf("/") + 1);
  if (last.indexOf(".") !== -1) {
    return withEncoding(request);
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
