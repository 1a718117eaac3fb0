package io.clusterboot.internal.master;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.RollingFileAppender;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.FileSize;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LogbackClusterLogFile}, on a Logback context of their own.
 *
 * @author ClusterBoot team
 */
class LogbackClusterLogFileTests {

	private final LoggerContext context = new LoggerContext();

	private final Logger root = this.context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

	@TempDir
	Path directory;

	LogbackClusterLogFileTests() {
		this.context.setMDCAdapter(new LogbackMDCAdapter());
	}

	@AfterEach
	void stop() {
		this.context.stop();
	}

	@Test
	void theMastersEventsShouldBeEncodedAndWorkersLinesWrittenAsTheyAre() throws Exception {
		Path file = this.directory.resolve("app.log");
		FileAppender<ILoggingEvent> appender = new FileAppender<>();
		appender.setFile(file.toString());
		start(appender);
		ClusterLogFile logFile = LogbackClusterLogFile.takeOver(this.context, file.toString(), null);
		assertThat(logFile.isWritten()).isTrue();
		this.root.info("the master's own");
		logFile.write("{\"message\":\"a worker's\"}");
		logFile.write("[worker 1 pid 7] plain");
		logFile.close();
		this.root.info("after close");
		assertThat(Files.readAllLines(file)).containsExactly("INFO the master's own", "{\"message\":\"a worker's\"}",
				"[worker 1 pid 7] plain", "INFO after close");
	}

	@Test
	void aNewMasterShouldWriteOnceItsPredecessorExitedIntoTheFileAsItIsThen() throws Exception {
		Path file = this.directory.resolve("app.log");
		FileAppender<ILoggingEvent> appender = new FileAppender<>();
		appender.setFile(file.toString());
		start(appender);
		Process predecessor = new ProcessBuilder("sleep", "60").start();
		try {
			ClusterLogFile logFile = LogbackClusterLogFile.takeOver(this.context, file.toString(), predecessor.pid());
			logFile.write("a new worker's line");
			// the old master rolls the file over and writes on
			Files.move(file, this.directory.resolve("app.1.log"));
			Files.writeString(file, "the old master's last line\n");
			assertThat(Files.readAllLines(file)).containsExactly("the old master's last line");
			predecessor.destroy();
			predecessor.waitFor();
			logFile.close();
			assertThat(Files.readAllLines(file)).containsExactly("the old master's last line", "a new worker's line");
		}
		finally {
			predecessor.destroyForcibly();
		}
	}

	@Test
	void aFileOfAnotherAppenderShouldNotBeTakenOver() {
		FileAppender<ILoggingEvent> appender = new FileAppender<>();
		appender.setFile(this.directory.resolve("other.log").toString());
		start(appender);
		assertThat(LogbackClusterLogFile.takeOver(this.context, this.directory.resolve("app.log").toString(), null))
			.isSameAs(ClusterLogFile.NONE);
	}

	@Test
	void rollingOverShouldLoseAndRepeatNoLine() throws Exception {
		Path file = this.directory.resolve("app.log");
		RollingFileAppender<ILoggingEvent> appender = new RollingFileAppender<>();
		appender.setFile(file.toString());
		FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
		rolling.setContext(this.context);
		rolling.setParent(appender);
		rolling.setFileNamePattern(this.directory.resolve("app.%i.log").toString());
		rolling.setMaxIndex(20);
		rolling.start();
		SizeBasedTriggeringPolicy<ILoggingEvent> triggering = new SizeBasedTriggeringPolicy<>();
		triggering.setContext(this.context);
		triggering.setMaxFileSize(FileSize.valueOf("100MB"));
		triggering.start();
		appender.setRollingPolicy(rolling);
		appender.setTriggeringPolicy(triggering);
		start(appender);
		ClusterLogFile logFile = LogbackClusterLogFile.takeOver(this.context, file.toString(), null);
		for (int i = 0; i < 300; i++) {
			logFile.write("{\"line\":" + i + "}");
			if (i % 50 == 49) {
				// Logback checks the size at most every so often: roll over while lines are queued
				appender.rollover();
			}
		}
		logFile.close();
		List<String> lines = new ArrayList<>();
		try (Stream<Path> files = Files.list(this.directory)) {
			for (Path path : files.toList()) {
				lines.addAll(Files.readAllLines(path));
			}
		}
		assertThat(lines).hasSize(300).doesNotHaveDuplicates();
		try (Stream<Path> files = Files.list(this.directory)) {
			assertThat(files.count()).as("files rolled over").isGreaterThan(3);
		}
	}

	private void start(FileAppender<ILoggingEvent> appender) {
		PatternLayoutEncoder encoder = new PatternLayoutEncoder();
		encoder.setContext(this.context);
		encoder.setPattern("%level %msg%n");
		encoder.start();
		appender.setContext(this.context);
		appender.setEncoder(encoder);
		appender.start();
		this.root.addAppender(appender);
	}

}
