package io.clusterboot.internal.posix;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that every native call goes through this package: no other source names JNA, so
 * that libc is loaded once, whether it is available is asked in one place, and the rest
 * of ClusterBoot loads without JNA.
 *
 * @author ClusterBoot team
 */
class JnaConfinementTests {

	private static final String POSIX_PACKAGE = "io/clusterboot/internal/posix/";

	@Test
	void onlyThisPackageNamesJna() throws IOException {
		try (Stream<Path> sources = Files.walk(Path.of("src"))) {
			List<Path> namingJna = sources.filter((source) -> source.toString().endsWith(".java"))
				.filter((source) -> !source.toString().replace('\\', '/').contains(POSIX_PACKAGE))
				.filter((source) -> read(source).contains("com.sun.jna"))
				.toList();
			assertThat(namingJna).isEmpty();
		}
	}

	private static String read(Path source) {
		try {
			return Files.readString(source);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
