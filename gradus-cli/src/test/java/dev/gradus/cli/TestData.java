package dev.gradus.cli;

import dev.gradus.data.Npy;
import dev.gradus.tensor.Tensor;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;

/** Small generated data sets, seeded, in every format DATA takes. */
final class TestData {
    static final String[] SPECIES = {"alpha", "beta", "gamma"};

    private TestData() {}

    /** {@code rows} rows of three features around one centre per class, label column "species" (text). */
    static Path csv(Path dir, String name, int rows, long seed) throws IOException {
        Random r = new Random(seed);
        StringBuilder s = new StringBuilder("a,b,c,species\n");
        for (int i = 0; i < rows; i++) {
            int k = i % 3;
            s.append(String.format(Locale.ROOT, "%.3f,%.3f,%.3f,%s%n", k * 2 + r.nextGaussian() * 0.3,
                    -k + r.nextGaussian() * 0.3, 5 + r.nextGaussian(), SPECIES[k]));
        }
        Path f = dir.resolve(name);
        Files.writeString(f, s, StandardCharsets.UTF_8);
        return f;
    }

    /** Sequences (n, steps, 2) whose class is the sign of their mean, as x.npy and y.npy. */
    static Path[] npySequences(Path dir, int n, int steps, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * steps * 2], y = new float[n];
        for (int i = 0; i < n; i++) {
            int k = i % 2;
            y[i] = k;
            for (int j = 0; j < steps * 2; j++) x[i * steps * 2 + j] = (float) ((k == 0 ? -1 : 1) + r.nextGaussian() * 0.5);
        }
        Path px = dir.resolve("seq_x.npy"), py = dir.resolve("seq_y.npy");
        Npy.write(px, Tensor.of(x, n, steps, 2));
        Npy.write(py, Tensor.of(y, n));
        return new Path[] {px, py};
    }

    /** IDX images (n, 6, 6) of ubyte: class 1 has a bright left half; and their IDX labels. */
    static Path[] idx(Path dir, int n, long seed) throws IOException {
        Random r = new Random(seed);
        Path images = dir.resolve("images.idx3-ubyte"), labels = dir.resolve("labels.idx1-ubyte");
        try (DataOutputStream img = new DataOutputStream(Files.newOutputStream(images));
             DataOutputStream lab = new DataOutputStream(Files.newOutputStream(labels))) {
            img.writeInt(0x0803);
            img.writeInt(n);
            img.writeInt(6);
            img.writeInt(6);
            lab.writeInt(0x0801);
            lab.writeInt(n);
            for (int i = 0; i < n; i++) {
                int k = i % 2;
                lab.writeByte(k);
                for (int p = 0; p < 36; p++) img.writeByte((k == 1 && p % 6 < 3 ? 200 : 20) + r.nextInt(30));
            }
        }
        return new Path[] {images, labels};
    }

    /** An image_dataset_from_directory folder: classes "dark" and "light", {@code perClass} PNGs of 10x12 each. */
    static Path imageFolder(Path dir, int perClass, long seed) throws IOException {
        Random r = new Random(seed);
        Path root = dir.resolve("images");
        for (String cls : new String[] {"dark", "light"}) {
            Files.createDirectories(root.resolve(cls));
            for (int i = 0; i < perClass; i++) {
                BufferedImage img = new BufferedImage(12, 10, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 10; y++) for (int x = 0; x < 12; x++) {
                    int v = (cls.equals("dark") ? 30 : 200) + r.nextInt(40);
                    img.setRGB(x, y, new Color(v, v / 2, 255 - v).getRGB());
                }
                ImageIO.write(img, "png", root.resolve(cls).resolve(String.format(Locale.ROOT, "%03d.png", i)).toFile());
            }
        }
        Files.writeString(root.resolve("README.txt"), "not a class folder, not an image");
        return root;
    }

    static void garbage(Path file, int bytes, long seed) throws IOException {
        byte[] b = new byte[bytes];
        new Random(seed).nextBytes(b);
        try (OutputStream o = Files.newOutputStream(file)) {
            o.write(b);
        }
    }
}
