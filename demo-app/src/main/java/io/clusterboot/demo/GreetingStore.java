package io.clusterboot.demo;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/**
 * Greetings by name, kept in a file that every worker reads (the demo's stand-in for a
 * database) and cached in each worker: a change made through one worker evicts the
 * entry in the others, which read the file again.
 *
 * @author ClusterBoot team
 */
@Service
public class GreetingStore {

	private final Path file;

	private final AtomicLong loads = new AtomicLong();

	GreetingStore(DemoProperties properties) {
		this.file = properties.getGreetingsFile();
	}

	/**
	 * Returns the greeting of a name, read from the file on a cache miss.
	 * @param name the name
	 * @return the greeting
	 */
	@Cacheable("greetings")
	public String greeting(String name) {
		this.loads.incrementAndGet();
		return read().getProperty(name, "Hello, " + name);
	}

	/**
	 * Changes the greeting of a name in the file and in the cache.
	 * @param name the name
	 * @param text the new greeting
	 * @return the new greeting
	 */
	@CachePut(cacheNames = "greetings", key = "#name")
	public synchronized String change(String name, String text) {
		Properties greetings = read();
		greetings.setProperty(name, text);
		write(greetings);
		return text;
	}

	/**
	 * Returns how many times this worker read a greeting from the file.
	 * @return the count
	 */
	public long loads() {
		return this.loads.get();
	}

	private Properties read() {
		Properties greetings = new Properties();
		try (Reader reader = Files.newBufferedReader(this.file)) {
			greetings.load(reader);
		}
		catch (NoSuchFileException ex) {
			// no greeting changed yet
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return greetings;
	}

	/**
	 * Replaces the file at once, so that another worker never reads half of it (two
	 * workers changing greetings at the same moment may still lose one change).
	 */
	private void write(Properties greetings) {
		try {
			Path parent = this.file.toAbsolutePath().getParent();
			Path next = Files.createTempFile(parent, "greetings", ".tmp");
			try (Writer writer = Files.newBufferedWriter(next)) {
				greetings.store(writer, null);
			}
			Files.move(next, this.file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
