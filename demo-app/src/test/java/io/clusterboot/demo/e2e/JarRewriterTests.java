package io.clusterboot.demo.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link JarRewriter}: the copy differs from the original in the edited entry
 * only, and keeps every entry's method (Spring Boot needs its nested jars stored).
 *
 * @author ClusterBoot team
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JarRewriterTests {

	private static final String PROPERTIES = "META-INF/build-info.properties";

	private static final String NESTED = "BOOT-INF/lib/nested.jar";

	@TempDir
	Path directory;

	@Test
	void copyChangesTheEditedEntryOnlyAndKeepsEveryMethod() throws IOException {
		Path source = this.directory.resolve("source.jar");
		try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(source))) {
			write(out, "BOOT-INF/", ZipEntry.STORED, new byte[0]);
			write(out, PROPERTIES, ZipEntry.DEFLATED, "build.version=1.0\n".getBytes(StandardCharsets.UTF_8));
			write(out, NESTED, ZipEntry.STORED, "not really a jar, stored".getBytes(StandardCharsets.UTF_8));
		}
		Path copy = this.directory.resolve("copy.jar");

		JarRewriter.copyWithEdit(source, copy, PROPERTIES, (text) -> text.replace("1.0", "2.0-longer"));

		assertThat(JarRewriter.read(copy, PROPERTIES)).isEqualTo("build.version=2.0-longer\n");
		assertThat(JarRewriter.read(copy, NESTED)).isEqualTo(JarRewriter.read(source, NESTED));
		assertThat(entries(copy)).isEqualTo(entries(source));
	}

	@Test
	void nestedCopyChangesTheEntryOfTheNestedJarOnly() throws IOException {
		ByteArrayOutputStream nested = new ByteArrayOutputStream();
		try (ZipOutputStream out = new ZipOutputStream(nested)) {
			write(out, "io/example/version.properties", ZipEntry.DEFLATED,
					"version=1.0\n".getBytes(StandardCharsets.UTF_8));
			write(out, "io/example/Other.class", ZipEntry.STORED, new byte[] { 4, 5 });
		}
		Path source = this.directory.resolve("source.jar");
		try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(source))) {
			write(out, PROPERTIES, ZipEntry.DEFLATED, "build.version=1.0\n".getBytes(StandardCharsets.UTF_8));
			write(out, NESTED, ZipEntry.STORED, nested.toByteArray());
		}
		Path copy = this.directory.resolve("copy.jar");

		JarRewriter.copyWithNestedEdit(source, copy, JarRewriter.entryStartingWith(source, "BOOT-INF/lib/nest"),
				"io/example/version.properties", (text) -> "version=2.0\n");

		Path nestedCopy = this.directory.resolve("nested-copy.jar");
		try (ZipFile zip = new ZipFile(copy.toFile())) {
			Files.write(nestedCopy, zip.getInputStream(zip.getEntry(NESTED)).readAllBytes());
		}
		assertThat(JarRewriter.read(nestedCopy, "io/example/version.properties")).isEqualTo("version=2.0\n");
		assertThat(JarRewriter.read(copy, PROPERTIES)).isEqualTo(JarRewriter.read(source, PROPERTIES));
		assertThat(entries(copy)).isEqualTo(entries(source));
	}

	@Test
	void copyWithoutTheEntryFails() throws IOException {
		Path source = this.directory.resolve("source.jar");
		try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(source))) {
			write(out, NESTED, ZipEntry.STORED, new byte[] { 1, 2, 3 });
		}
		assertThatIllegalArgumentException()
			.isThrownBy(() -> JarRewriter.copyWithEdit(source, this.directory.resolve("copy.jar"), PROPERTIES,
					(text) -> text))
			.withMessageContaining(PROPERTIES);
	}

	private static void write(ZipOutputStream out, String name, int method, byte[] content) throws IOException {
		ZipEntry entry = new ZipEntry(name);
		entry.setMethod(method);
		if (method == ZipEntry.STORED) {
			CRC32 crc = new CRC32();
			crc.update(content);
			entry.setSize(content.length);
			entry.setCompressedSize(content.length);
			entry.setCrc(crc.getValue());
		}
		out.putNextEntry(entry);
		out.write(content);
		out.closeEntry();
	}

	/** Name and method of every entry, in order, read back from the central directory. */
	private static List<String> entries(Path jar) throws IOException {
		List<String> entries = new ArrayList<>();
		try (ZipFile zip = new ZipFile(jar.toFile())) {
			for (ZipEntry entry : Collections.list(zip.entries())) {
				try (InputStream in = zip.getInputStream(entry)) {
					// Reading checks the CRC of every entry.
					in.readAllBytes();
				}
				entries.add(entry.getName() + " " + ((entry.getMethod() == ZipEntry.STORED) ? "stored" : "deflated"));
			}
		}
		return entries;
	}

}
