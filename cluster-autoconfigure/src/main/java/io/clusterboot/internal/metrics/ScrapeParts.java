package io.clusterboot.internal.metrics;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Cuts an exposition into the parts that travel as cluster messages, and puts them
 * together again. A worker's exposition takes tens of kilobytes, more than a control
 * message may (64 KiB); gzipped it takes a tenth of that, one part in most
 * applications, and Base64 needs no escaping in JSON, so a part's size is known.
 *
 * @author ClusterBoot team
 */
final class ScrapeParts {

	/**
	 * Characters of Base64 per part: a cluster message around it stays well below the
	 * control channel's 64 KiB.
	 */
	static final int PART_CHARS = 48 * 1024;

	private ScrapeParts() {
	}

	/**
	 * Encodes an exposition in parts.
	 * @param exposition the exposition
	 * @param partChars the characters of each part but the last
	 * @return the parts, at least one
	 */
	static List<String> encode(String exposition, int partChars) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(exposition.length() / 8 + 64);
		try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
			gzip.write(exposition.getBytes(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		String encoded = Base64.getEncoder().encodeToString(bytes.toByteArray());
		List<String> parts = new ArrayList<>();
		for (int start = 0; start < encoded.length(); start += partChars) {
			parts.add(encoded.substring(start, Math.min(encoded.length(), start + partChars)));
		}
		return parts;
	}

	/**
	 * Decodes an exposition from its parts.
	 * @param parts the parts, in order
	 * @return the exposition
	 * @throws IllegalArgumentException if the parts are no encoded exposition
	 */
	static String decode(String[] parts) {
		byte[] gzipped = Base64.getDecoder().decode(String.join("", parts));
		try (GZIPInputStream gunzip = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
			return new String(gunzip.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("Not a gzipped exposition: " + ex.getMessage(), ex);
		}
	}

}
