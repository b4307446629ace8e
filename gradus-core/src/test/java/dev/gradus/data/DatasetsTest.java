package dev.gradus.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.gradus.tensor.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a local HTTP server: a tiny MNIST-shaped dataset (3 + 2 images of 2x3 pixels). */
class DatasetsTest {
    @TempDir Path cache;
    HttpServer server;
    final Map<String, byte[]> good = new LinkedHashMap<>();
    final AtomicInteger requests = new AtomicInteger();
    Remote remote;

    @BeforeEach
    void serve() throws Exception {
        byte[] trainImages = new byte[3 * 6], testImages = new byte[2 * 6];
        for (int i = 0; i < trainImages.length; i++) trainImages[i] = (byte) (40 * i);
        for (int i = 0; i < testImages.length; i++) testImages[i] = (byte) (255 - i);
        good.put("train-images-idx3-ubyte.gz", DataFiles.gzip(DataFiles.idxUbyte(new int[] {3, 2, 3}, trainImages)));
        good.put("train-labels-idx1-ubyte.gz", DataFiles.gzip(DataFiles.idxUbyte(new int[] {3}, new byte[] {5, 0, 4})));
        good.put("t10k-images-idx3-ubyte.gz", DataFiles.gzip(DataFiles.idxUbyte(new int[] {2, 2, 3}, testImages)));
        good.put("t10k-labels-idx1-ubyte.gz", DataFiles.gzip(DataFiles.idxUbyte(new int[] {2}, new byte[] {7, 2})));

        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            String path = exchange.getRequestURI().getPath();
            String name = path.substring(path.lastIndexOf('/') + 1);
            byte[] body = good.get(name);
            if (path.startsWith("/corrupt/") && body != null) body = "not the file".getBytes();
            int status = body == null || path.startsWith("/missing/") ? 404 : 200;
            if (status == 404) body = "no".getBytes();
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        remote = remoteWith("good");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    Remote remoteWith(String... folders) throws Exception {
        String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        List<String> mirrors = java.util.Arrays.stream(folders).map(f -> base + f + "/").toList();
        List<Remote.File> files = new java.util.ArrayList<>();
        for (var e : good.entrySet()) files.add(new Remote.File(e.getKey(), sha256(e.getValue())));
        return new Remote("Tiny", "tiny", mirrors, files);
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void downloadsOnceThenReadsTheCache() {
        Datasets.Split d = Datasets.loadIdx(remote, cache);
        assertThat(requests.get()).isEqualTo(4);
        assertThat(d.xTrain().shape().dims()).containsExactly(3, 2, 3);
        assertThat(d.xTrain().get(1, 0, 0)).isEqualTo(240f);
        assertThat(d.xTrain().get(0, 1, 2)).isEqualTo((40 * 5) & 0xFF);
        assertThat(d.yTrain()).isEqualTo(Tensor.of(new float[] {5, 0, 4}, 3));
        assertThat(d.xTest().get(1, 1, 2)).isEqualTo(244f);
        assertThat(d.yTest()).isEqualTo(Tensor.of(new float[] {7, 2}, 2));
        assertThat(cache.resolve("tiny/train-images-idx3-ubyte.gz")).exists();

        Datasets.Split again = Datasets.loadIdx(remote, cache);
        assertThat(requests.get()).isEqualTo(4);                 // nothing downloaded the second time
        assertThat(again.yTrain()).isEqualTo(d.yTrain());
        Batch b = again.train().batch(3).iterator().next();
        assertThat(b.x()).isEqualTo(d.xTrain());
        assertThat(again.test().cardinality()).isEqualTo(2);
    }

    @Test
    void aMirrorServingTheWrongBytesOrNothingIsSkipped() throws Exception {
        Datasets.Split d = Datasets.loadIdx(remoteWith("missing", "corrupt", "good"), cache);
        assertThat(requests.get()).isEqualTo(12);
        assertThat(d.yTest()).isEqualTo(Tensor.of(new float[] {7, 2}, 2));
        try (var files = Files.list(cache.resolve("tiny"))) {
            assertThat(files.map(p -> p.getFileName().toString())).doesNotContain("t10k-labels-idx1-ubyte.gz.part").hasSize(4);
        }
    }

    @Test
    void aCorruptCachedFileIsDownloadedAgain() throws IOException {
        Datasets.loadIdx(remote, cache);
        Files.write(cache.resolve("tiny/train-labels-idx1-ubyte.gz"), new byte[] {1, 2, 3});
        Datasets.Split d = Datasets.loadIdx(remote, cache);
        assertThat(requests.get()).isEqualTo(5);
        assertThat(d.yTrain()).isEqualTo(Tensor.of(new float[] {5, 0, 4}, 3));
    }

    @Test
    void offlineTheMessageNamesTheFilesAndTheFolder() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Remote offline = new Remote("Tiny", "tiny", List.of("http://127.0.0.1:" + closedPort + "/"), remote.files());
        Files.createDirectories(cache.resolve("tiny"));
        Files.write(cache.resolve("tiny/train-labels-idx1-ubyte.gz"), good.get("train-labels-idx1-ubyte.gz"));
        Files.write(cache.resolve("tiny/t10k-labels-idx1-ubyte.gz"), new byte[] {9});
        assertThatThrownBy(() -> Datasets.loadIdx(offline, cache))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("Tiny is not in the cache and could not be downloaded")
                .hasMessageContaining("To use it offline, place these files in " + cache.resolve("tiny"))
                .hasMessageContaining("train-images-idx3-ubyte.gz  (SHA-256 " + remote.files().get(0).sha256() + ")")
                .hasMessageContaining("t10k-images-idx3-ubyte.gz")
                .hasMessageContaining("t10k-labels-idx1-ubyte.gz  (SHA-256")
                .hasMessageContaining(cache.resolve("tiny/t10k-labels-idx1-ubyte.gz") + " has SHA-256")
                .hasMessageContaining("127.0.0.1:" + closedPort + "/train-images-idx3-ubyte.gz: ")
                .hasMessageContaining("GRADUS_DATA")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("train-labels-idx1-ubyte.gz  (SHA-256"));
    }

    @Test
    void cacheDirPrefersThePropertyThenTheEnvironment() {
        assertThat(Datasets.cacheDir("/p", "/e", "/home/u")).isEqualTo(Path.of("/p"));
        assertThat(Datasets.cacheDir(null, "/e", "/home/u")).isEqualTo(Path.of("/e"));
        assertThat(Datasets.cacheDir(" ", "", "/home/u")).isEqualTo(Path.of("/home/u/.gradus/datasets"));
    }

    @Test
    void theBuiltInDatasetsListTheOriginalFiles() {
        for (Remote r : List.of(Datasets.MNIST, Datasets.FASHION_MNIST)) {
            assertThat(r.files()).extracting(Remote.File::name).containsExactly("train-images-idx3-ubyte.gz",
                    "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");
            assertThat(r.files()).allSatisfy(f -> assertThat(f.sha256()).matches("[0-9a-f]{64}"));
            assertThat(r.mirrors()).allSatisfy(m -> assertThat(m).endsWith("/"));
        }
        assertThat(Datasets.MNIST.folder()).isEqualTo("mnist");
        assertThat(Datasets.FASHION_MNIST.folder()).isEqualTo("fashion-mnist");
    }
}
