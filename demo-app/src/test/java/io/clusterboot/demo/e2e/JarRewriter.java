package io.clusterboot.demo.e2e;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Copies a jar with one text entry changed, entry by entry, keeping every entry's name,
 * order, compression method and time. The method matters: Spring Boot opens the nested
 * {@code BOOT-INF/lib/*.jar} entries in place and needs them {@link ZipEntry#STORED}; a
 * stored entry must be written with its size and CRC known in advance.
 *
 * @author ClusterBoot team
 */
final class JarRewriter {

	private JarRewriter() {
	}

	/**
	 * Reads a text entry.
	 * @param jar the jar
	 * @param name the entry
	 * @return its content (UTF-8)
	 */
	static String read(Path jar, String name) {
		try (ZipFile zip = new ZipFile(jar.toFile())) {
			ZipEntry entry = zip.getEntry(name);
			if (entry == null) {
				throw new IllegalArgumentException(jar + " has no entry " + name);
			}
			try (InputStream in = zip.getInputStream(entry)) {
				return new String(in.readAllBytes(), StandardCharsets.UTF_8);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + name + " from " + jar, ex);
		}
	}

	/**
	 * Copies {@code source} to {@code target} with the text entry {@code name} edited.
	 * @param source the jar to copy
	 * @param target the copy (must not exist)
	 * @param name the entry to edit, which must exist
	 * @param edit makes its new content (UTF-8) from the old
	 */
	static void copyWithEdit(Path source, Path target, String name, UnaryOperator<String> edit) {
		try {
			Files.write(target, edited(Files.readAllBytes(source), name, text(edit)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot copy " + source + " to " + target, ex);
		}
	}

	/**
	 * Copies {@code source} to {@code target} with the text entry {@code name} of the
	 * nested jar {@code nestedJar} (such as {@code BOOT-INF/lib/a.jar}) edited.
	 * @param source the jar to copy
	 * @param target the copy (must not exist)
	 * @param nestedJar the nested jar, which must exist
	 * @param name the entry of the nested jar to edit, which must exist
	 * @param edit makes its new content (UTF-8) from the old
	 */
	static void copyWithNestedEdit(Path source, Path target, String nestedJar, String name,
			UnaryOperator<String> edit) {
		try {
			Files.write(target, edited(Files.readAllBytes(source), nestedJar, (nested) -> {
				try {
					return edited(nested, name, text(edit));
				}
				catch (IOException ex) {
					throw new UncheckedIOException("Cannot rewrite " + nestedJar, ex);
				}
			}));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot copy " + source + " to " + target, ex);
		}
	}

	/**
	 * Returns the name of the first entry that starts with {@code prefix}.
	 * @param jar the jar
	 * @param prefix the start of the name, such as {@code BOOT-INF/lib/a-}
	 * @return the name
	 */
	static String entryStartingWith(Path jar, String prefix) {
		try (ZipFile zip = new ZipFile(jar.toFile())) {
			return zip.stream()
				.map(ZipEntry::getName)
				.filter((name) -> name.startsWith(prefix))
				.findFirst()
				.orElseThrow(() -> new IllegalArgumentException(jar + " has no entry " + prefix + "*"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + jar, ex);
		}
	}

	private static UnaryOperator<byte[]> text(UnaryOperator<String> edit) {
		return (content) -> edit.apply(new String(content, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Returns a jar's bytes with one entry's content edited, every other entry as it was.
	 */
	private static byte[] edited(byte[] jar, String name, UnaryOperator<byte[]> edit) throws IOException {
		boolean found = false;
		ByteArrayOutputStream copy = new ByteArrayOutputStream(jar.length);
		try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar));
				ZipOutputStream out = new ZipOutputStream(copy)) {
			for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
				byte[] content = in.readAllBytes();
				if (entry.getName().equals(name)) {
					content = edit.apply(content);
					found = true;
				}
				out.putNextEntry(copyOf(entry, content));
				out.write(content);
				out.closeEntry();
			}
		}
		if (!found) {
			throw new IllegalArgumentException("No entry " + name);
		}
		return copy.toByteArray();
	}

	/**
	 * A new entry like {@code entry} for {@code content}. Sizes and CRC are not copied
	 * (the content may differ): a deflated entry gets them from the stream, a stored
	 * one from the content.
	 */
	private static ZipEntry copyOf(ZipEntry entry, byte[] content) {
		ZipEntry copy = new ZipEntry(entry.getName());
		copy.setMethod(entry.getMethod());
		copy.setTime(entry.getTime());
		if (entry.getComment() != null) {
			copy.setComment(entry.getComment());
		}
		if (entry.getMethod() == ZipEntry.STORED) {
			CRC32 crc = new CRC32();
			crc.update(content);
			copy.setSize(content.length);
			copy.setCompressedSize(content.length);
			copy.setCrc(crc.getValue());
		}
		return copy;
	}

}
