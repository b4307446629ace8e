package dev.gradus.callbacks;

import dev.gradus.tensor.Tensor;
import dev.gradus.util.Check;
import dev.gradus.util.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * POSTs each epoch's logs to a server, as Keras's {@code RemoteMonitor(root="http://localhost:9000",
 * path="/publish/epoch/end/", field="data", headers=None, send_as_json=False)}. The payload is
 * {@code {"epoch": e, **logs}} (0-based epoch) as Python's {@code json.dumps} writes it: by default
 * form-encoded as the single field {@code field}, with {@code sendAsJson(true)} as an
 * {@code application/json} body. A server that cannot be reached gives Keras's warning, not an error.
 */
public class RemoteMonitor extends Callback {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RemoteMonitor.class);
    private String root = "http://localhost:9000";
    private String path = "/publish/epoch/end/";
    private String field = "data";
    private Map<String, String> headers = Map.of();
    private boolean sendAsJson;
    private HttpClient client;

    public RemoteMonitor root(String root) {
        this.root = checkUrlPart("root", root);
        URI.create(root + path); // a malformed root fails here, not at the first epoch
        return this;
    }

    public RemoteMonitor path(String path) {
        this.path = checkUrlPart("path", path);
        URI.create(root + path);
        return this;
    }

    /** The form field that holds the JSON when not sending it as the body. */
    public RemoteMonitor field(String field) {
        Check.argument(field != null && !field.isEmpty(), "field must be a non-empty name, got " + field);
        this.field = field;
        return this;
    }

    public RemoteMonitor headers(Map<String, String> headers) {
        this.headers = Map.copyOf(Check.notNull("headers", headers));
        return this;
    }

    public RemoteMonitor sendAsJson(boolean sendAsJson) {
        this.sendAsJson = sendAsJson;
        return this;
    }

    private static String checkUrlPart(String name, String value) {
        Check.notNull(name, value);
        return value;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Object> logs) {
        Map<String, Object> send = new LinkedHashMap<>();
        send.put("epoch", epoch);
        if (logs != null) logs.forEach((k, v) -> send.put(k, plain(v)));
        String json = Json.writePython(send, PyFormat::repr);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + path)).timeout(Duration.ofSeconds(30));
        headers.forEach(request::header);
        if (sendAsJson) request.header("Content-Type", "application/json");
        else {
            request.header("Content-Type", "application/x-www-form-urlencoded");
            json = URLEncoder.encode(field, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(json, StandardCharsets.UTF_8);
        }
        request.POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        try {
            if (client == null) client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            client.send(request.build(), HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            LOG.warn("Could not reach RemoteMonitor root server at {} ({})", root, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Could not reach RemoteMonitor root server at {} (interrupted)", root);
        }
    }

    /** A logged value as JSON can hold it: one-element tensors as numbers, others as lists (numpy's item/tolist). */
    private static Object plain(Object v) {
        if (!(v instanceof Tensor t)) return v;
        float[] f = t.toFloatArray();
        if (f.length == 1) return (double) f[0];
        List<Object> out = new ArrayList<>();
        for (float x : f) out.add((double) x);
        return out;
    }
}
