package org.counterpart.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A person at a browser, without the browser: real HTTP against the running server, cookies kept,
 * redirects not followed (so tests see them), and the CSRF token taken from the last page read,
 * as a form would send it.
 */
public final class WebSession {

    public record Page(int status, String body, Map<String, java.util.List<String>> headers, byte[] bytes) {
        /** The body with the HTML escapes of text undone, to compare with what a reader sees. */
        public String text() {
            return body.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        }

        public String location() {
            return headers.getOrDefault("location", java.util.List.of("")).get(0);
        }
    }

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final String base;
    private final int port;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient client;
    private String csrf;

    public WebSession(int port) {
        this.base = "http://localhost:" + port;
        this.port = port;
        this.client = HttpClient.newBuilder().cookieHandler(cookies)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public static WebSession signedIn(int port, String username) {
        WebSession s = new WebSession(port);
        Page result = s.login(username, "counterpart2018");
        if (result.status() != 302 || result.location().contains("error") || result.location().contains("locked")) {
            throw new IllegalStateException("could not sign in as " + username + ": " + result.location());
        }
        return s;
    }

    public Page login(String username, String password) {
        get("/login");
        return post("/login", Map.of("username", username, "password", password));
    }

    /**
     * Follows a background job as a browser without scripts does: from the redirect to the job's page,
     * reloading that page until it sends the reader on to the job's outcome, which it answers. A redirect
     * elsewhere (a refusal back to the run) is followed once and answered.
     */
    public Page afterJob(Page started) {
        if (started.status() != 302) {
            throw new AssertionError("expected a redirect to a job's page, got " + started.status() + ": " + started.text());
        }
        String page = started.location().replaceFirst("^https?://[^/]+", "");
        for (int i = 0; i < 600; i++) {
            Page p = get(page);
            if (p.status() == 302) {
                page = p.location().replaceFirst("^https?://[^/]+", "");
                continue;
            }
            if (p.status() != 200 || !p.body().contains("id=\"progress\"")) {
                return p;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("the job at " + page + " did not finish within a minute");
    }

    public Page get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** Posts a form with the CSRF token of the last page read. */
    public Page post(String path, Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>(fields);
        if (csrf != null) {
            all.put("_csrf", csrf);
        }
        return postRaw(path, all);
    }

    /** Posts exactly these fields, without adding a CSRF token. */
    public Page postRaw(String path, Map<String, String> fields) {
        String form = fields.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue() == null ? "" : e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    /** Uploads a file as a multipart form field named "file", with the CSRF token of the last page read. */
    public Page upload(String path, java.nio.file.Path file, String fileName) throws IOException {
        get(path); // the form's page gives the current CSRF token, as a browser would have it
        String boundary = "----counterpart" + System.nanoTime();
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, file, fileName))));
    }

    /** Uploads as {@link #upload} does, with the CSRF token of whatever page was read last (one request, not two). */
    public Page uploadWithLastToken(String path, java.nio.file.Path file, String fileName) throws IOException {
        String boundary = "----counterpart" + System.nanoTime();
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, file, fileName))));
    }

    /**
     * Uploads as {@link #upload} does, but over a plain socket that reads the answer while the body is
     * still being sent: a server may refuse a request before it has read all of it (an upload over the
     * size limit) and close the connection, which a browser shows and the JDK's client does not.
     */
    public Page uploadReadingEarly(String path, java.nio.file.Path file, String fileName) throws IOException {
        get(path);
        String boundary = "----counterpart" + System.nanoTime();
        byte[] body = multipart(boundary, file, fileName);
        String cookie = cookies.getCookieStore().get(URI.create(base)).stream().map(c -> c.getName() + "=" + c.getValue())
                .collect(Collectors.joining("; "));
        String head = "POST " + path + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nCookie: " + cookie
                + "\r\nContent-Type: multipart/form-data; boundary=" + boundary + "\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n";
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) {
            Thread sender = new Thread(() -> {
                try {
                    var out = socket.getOutputStream();
                    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                    out.write(body);
                    out.flush();
                } catch (IOException refusedMidway) {
                    // the server stopped reading: its answer is what counts
                }
            });
            sender.start();
            byte[] answer = socket.getInputStream().readAllBytes();
            String text = new String(answer, StandardCharsets.UTF_8);
            int status = Integer.parseInt(text.substring(9, 12));
            int split = text.indexOf("\r\n\r\n");
            String headers = text.substring(0, split).toLowerCase(java.util.Locale.ROOT);
            String content = text.substring(split + 4);
            if (headers.contains("transfer-encoding: chunked")) {
                content = dechunk(content);
            }
            return new Page(status, content, Map.of(), content.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        byte[] bytes = chunked.getBytes(StandardCharsets.UTF_8);
        int i = 0;
        while (i < bytes.length) {
            int lineEnd = indexOf(bytes, i);
            int size = Integer.parseInt(new String(bytes, i, lineEnd - i, StandardCharsets.ISO_8859_1).trim(), 16);
            if (size == 0) {
                break;
            }
            out.append(new String(bytes, lineEnd + 2, size, StandardCharsets.UTF_8));
            i = lineEnd + 2 + size + 2;
        }
        return out.toString();
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return bytes.length;
    }

    private byte[] multipart(String boundary, java.nio.file.Path file, String fileName) throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.UTF_8));
        out.write(java.nio.file.Files.readAllBytes(file));
        out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /**
     * Signs in as a browser at another client address would: over plain sockets bound to that local
     * address (any of 127.0.0.0/8 on a loopback), so the server sees the attempt come from there. Answers
     * the sign-in's answer (its location says where it leads: the overview, {@code ?error} or {@code ?locked=}).
     */
    public static Page loginFrom(int port, String clientAddress, String username, String password) {
        Page form = exchange(port, clientAddress, "GET /login HTTP/1.1\r\nHost: localhost:" + port + "\r\nConnection: close\r\n\r\n");
        String cookie = form.headers().getOrDefault("set-cookie", java.util.List.of("")).get(0).split(";")[0];
        Matcher token = CSRF.matcher(form.body());
        String body = "username=" + enc(username) + "&password=" + enc(password) + (token.find() ? "&_csrf=" + enc(token.group(1)) : "");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return exchange(port, clientAddress, "POST /login HTTP/1.1\r\nHost: localhost:" + port + "\r\nCookie: " + cookie
                + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + bytes.length
                + "\r\nConnection: close\r\n\r\n" + body);
    }

    private static Page exchange(int port, String clientAddress, String request) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.bind(new java.net.InetSocketAddress(java.net.InetAddress.getByName(clientAddress), 0));
            socket.connect(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port));
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            Map<String, java.util.List<String>> headers = new LinkedHashMap<>();
            for (String line : text.substring(0, split).split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.computeIfAbsent(line.substring(0, colon).toLowerCase(java.util.Locale.ROOT), k -> new java.util.ArrayList<>())
                            .add(line.substring(colon + 1).strip());
                }
            }
            String content = text.substring(split + 4);
            if (headers.getOrDefault("transfer-encoding", java.util.List.of("")).get(0).contains("chunked")) {
                content = dechunk(content);
            }
            return new Page(Integer.parseInt(text.substring(9, 12)), content, headers, content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The session cookie this client holds now, if any. */
    public java.util.Optional<String> sessionId() {
        return cookies.getCookieStore().get(URI.create(base)).stream()
                .filter(c -> c.getName().equals("JSESSIONID")).map(java.net.HttpCookie::getValue).findFirst();
    }

    public Page getWithHeader(String path, String header, String value) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header(header, value).GET());
    }

    private Page send(HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            String body = new String(response.body(), StandardCharsets.UTF_8);
            Matcher m = CSRF.matcher(body);
            if (m.find()) {
                csrf = m.group(1);
            }
            return new Page(response.statusCode(), body, response.headers().map(), response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
