package dev.gradus.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.tensor.Tensor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReaderTest {
    @TempDir Path dir;

    static CsvTable read(CsvReader r, String text) throws IOException {
        return r.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "t.csv");
    }

    @Test
    void headerAndLabelColumnByName() throws IOException {
        CsvTable t = read(new CsvReader().labelColumn("price"), "size,price,rooms\n50,100.5,2\n80,200,3\n\n120,310,4\n");
        assertThat(t.x()).isEqualTo(Tensor.of(new float[] {50, 2, 80, 3, 120, 4}, 3, 2));
        assertThat(t.y()).isEqualTo(Tensor.of(new float[] {100.5f, 200, 310}, 3));
        assertThat(t.featureNames()).containsExactly("size", "rooms");
        assertThat(t.classNames()).isEmpty();
        assertThat(t.rows()).isEqualTo(3);
    }

    @Test
    void labelColumnByIndexNegativeFromTheEnd() throws IOException {
        String text = "1,2,0\n3,4,1\n";
        CsvTable last = read(new CsvReader().header(false).labelColumn(-1), text);
        assertThat(last.x()).isEqualTo(Tensor.of(new float[] {1, 2, 3, 4}, 2, 2));
        assertThat(last.y()).isEqualTo(Tensor.of(new float[] {0, 1}, 2));
        assertThat(last.featureNames()).isEmpty();
        CsvTable first = read(new CsvReader().header(false).labelColumn(0), text);
        assertThat(first.y()).isEqualTo(Tensor.of(new float[] {1, 3}, 2));
        CsvTable none = read(new CsvReader().header(false), text);
        assertThat(none.x().shape().dims()).containsExactly(2, 3);
        assertThat(none.y()).isNull();
        assertThat(none.dataset().iterator().next().y()).isNull();
    }

    @Test
    void textLabelsBecomeSortedClassIndices() throws IOException {
        CsvTable t = read(new CsvReader().labelColumn("species"),
                "petal,species\n1.4,setosa\n4.7,versicolor\n6.0,virginica\n1.3,setosa\n");
        assertThat(t.classNames()).containsExactly("setosa", "versicolor", "virginica");
        assertThat(t.y()).isEqualTo(Tensor.of(new float[] {0, 1, 2, 0}, 4));
        Batch b = t.dataset().batch(4).iterator().next();
        assertThat(b.y()).isEqualTo(t.y());
        assertThat(b.x()).isEqualTo(t.x());
    }

    @Test
    void quotesEmptyFieldsSpecialValuesAndWhitespaceDelimiter() throws IOException {
        CsvTable q = read(new CsvReader().labelColumn("name"),
                "\"a\",\"name\",b\n\"1.5\",\"Smith, \"\"J\"\"\",\n-2e1,plain,nan\n");
        assertThat(q.classNames()).containsExactly("Smith, \"J\"", "plain");
        float[] x = q.x().toFloatArray();
        assertThat(x[0]).isEqualTo(1.5f);
        assertThat(x[1]).isNaN();
        assertThat(x[2]).isEqualTo(-20f);
        assertThat(x[3]).isNaN();
        CsvTable ws = read(new CsvReader().header(false).delimiter(' '), "  1 2\t3\n4   5 6  \n");
        assertThat(ws.x()).isEqualTo(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        CsvTable semi = read(new CsvReader().delimiter(';').labelColumn(-1), "a;b\n1;inf\n2;-inf\n");
        assertThat(semi.y().toFloatArray()).containsExactly(Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY);
    }

    @Test
    void readsGzippedFilesAndTheByteOrderMark() throws IOException {
        byte[] text = "\uFEFFx,y\n1,2\n3,4\n".getBytes(StandardCharsets.UTF_8);
        Path f = Files.write(dir.resolve("d.csv.gz"), DataFiles.gzip(text));
        CsvTable t = new CsvReader().labelColumn("y").read(f);
        assertThat(t.featureNames()).containsExactly("x");
        assertThat(t.y()).isEqualTo(Tensor.of(new float[] {2, 4}, 2));
    }

    @Test
    void headerThatIsNotColumnNames() throws IOException {
        // scikit-learn's files start with "n_rows,n_features,class names..."
        CsvTable t = read(new CsvReader().labelColumn(-1), "2,3,class_0,class_1,class_2\n1,2,3,0\n4,5,6,1\n");
        assertThat(t.x()).isEqualTo(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        assertThat(t.featureNames()).isEmpty();
        assertThatThrownBy(() -> read(new CsvReader().labelColumn("class_1"), "2,3,class_0,class_1,class_2\n1,2,3,0\n"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("the header has 5 names but the rows have 4 fields, so column names cannot be used");
    }

    @Test
    void badInputIsNamed() {
        assertThatThrownBy(() -> read(new CsvReader(), "a,b\n1,2\n3\n"))
                .hasMessageContaining("t.csv, line 3: 1 fields, but the first row has 2");
        assertThatThrownBy(() -> read(new CsvReader(), "a,b\n1,two\n"))
                .hasMessageContaining("line 2, column 1 ('b'): expected a number, got 'two'");
        assertThatThrownBy(() -> read(new CsvReader(), "a,b\n1,2f\n")).hasMessageContaining("got '2f'");
        assertThatThrownBy(() -> read(new CsvReader().labelColumn("c"), "a,b\n1,2\n"))
                .hasMessageContaining("no column named 'c'; the header has [a, b]");
        assertThatThrownBy(() -> read(new CsvReader().header(false).labelColumn("a"), "1,2\n"))
                .hasMessageContaining("needs a header line");
        assertThatThrownBy(() -> read(new CsvReader().labelColumn(2), "a,b\n1,2\n"))
                .hasMessageContaining("labelColumn 2 is outside the 2 columns (valid: -2 to 1)");
        assertThatThrownBy(() -> read(new CsvReader(), "a,b\n")).hasMessageContaining("no data rows after its header");
        assertThatThrownBy(() -> read(new CsvReader(), "a,b\n\"1,2\n")).hasMessageContaining("line 2: a quoted field is not closed");
        assertThatThrownBy(() -> new CsvReader().delimiter('"')).hasMessageContaining("delimiter must not be a quote");
        assertThatThrownBy(() -> new CsvReader().labelColumn("")).hasMessageContaining("non-empty column name");
        assertThatThrownBy(() -> new CsvReader().read(dir.resolve("none.csv")))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("none.csv");
    }
}
