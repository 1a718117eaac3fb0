package io.clusterboot.demo.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
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
		boolean edited = false;
		try (ZipFile zip = new ZipFile(source.toFile());
				ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(target))) {
			for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements();) {
				ZipEntry entry = entries.nextElement();
				byte[] content;
				try (InputStream in = zip.getInputStream(entry)) {
					content = in.readAllBytes();
				}
				if (entry.getName().equals(name)) {
					content = edit.apply(new String(content, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
					edited = true;
				}
				out.putNextEntry(copyOf(entry, content));
				out.write(content);
				out.closeEntry();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot copy " + source + " to " + target, ex);
		}
		if (!edited) {
			throw new IllegalArgumentException(source + " has no entry " + name);
		}
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
