package dev.gradus.cli;

import dev.gradus.tensor.Tensor;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Keras's {@code image_dataset_from_directory} layout: {@code DIR/<class>/<image>}, one sub-folder
 * per class, the classes numbered in sorted order of their folder names. Images are read with the
 * JDK's ImageIO (PNG, JPEG, BMP, GIF), resized bilinearly to one size and kept as pixel values
 * 0-255, as Keras gives them.
 */
final class ImageFolder {
    enum ColorMode { rgb, grayscale }

    private static final List<String> SUFFIXES = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

    private ImageFolder() {}

    static LoadedData read(Path dir, int[] size, ColorMode mode) {
        List<Path> classDirs;
        try (Stream<Path> s = Files.list(dir)) {
            classDirs = s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        if (classDirs.isEmpty()) throw new IllegalArgumentException("DATA: expected a folder with one sub-folder of images per class"
                + " (image_dataset_from_directory's layout), got " + dir + " with no sub-folders");
        List<String> classes = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Path c : classDirs) {
            classes.add(c.getFileName().toString());
            try (Stream<Path> s = Files.list(c)) {
                for (Path f : s.filter(ImageFolder::isImage).sorted().toList()) {
                    files.add(f);
                    labels.add(classes.size() - 1);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + c + ": " + e.getMessage(), e);
            }
        }
        if (files.isEmpty()) throw new IllegalArgumentException("DATA: expected image files (" + String.join(", ", SUFFIXES)
                + ") in the class folders of " + dir + ", got none");
        int channels = mode == ColorMode.rgb ? 3 : 1;
        int h = -1, w = -1;
        float[] x = null;
        for (int i = 0; i < files.size(); i++) {
            BufferedImage img = readImage(files.get(i));
            if (h < 0) {
                h = size != null ? size[0] : img.getHeight();
                w = size != null ? size[1] : img.getWidth();
                x = new float[Math.multiplyExact(files.size(), Math.multiplyExact(h * w, channels))];
            }
            BufferedImage scaled = resize(img, h, w);
            int base = i * h * w * channels;
            for (int r = 0; r < h; r++) for (int col = 0; col < w; col++) {
                int argb = scaled.getRGB(col, r);
                int red = (argb >> 16) & 0xff, green = (argb >> 8) & 0xff, blue = argb & 0xff;
                int at = base + (r * w + col) * channels;
                if (channels == 3) {
                    x[at] = red;
                    x[at + 1] = green;
                    x[at + 2] = blue;
                } else x[at] = (float) (0.299 * red + 0.587 * green + 0.114 * blue); // ITU-R 601, as PIL's "L"
            }
        }
        float[] y = new float[labels.size()];
        for (int i = 0; i < y.length; i++) y[i] = labels.get(i);
        return new LoadedData(dir.getFileName().toString(), Tensor.of(x, files.size(), h, w, channels),
                Tensor.of(y, y.length), classes);
    }

    private static boolean isImage(Path f) {
        String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(f) && SUFFIXES.stream().anyMatch(name::endsWith);
    }

    private static BufferedImage readImage(Path f) {
        try {
            BufferedImage img = ImageIO.read(f.toFile());
            if (img == null) throw new IllegalArgumentException("DATA: " + f + " is not an image ImageIO can read (PNG, JPEG, BMP, GIF)");
            return img;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the image " + f + ": " + e.getMessage(), e);
        }
    }

    private static BufferedImage resize(BufferedImage img, int h, int w) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        return out;
    }
}
