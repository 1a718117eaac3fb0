package io.clusterboot.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.clusterboot.leader.ClusterLeaderOnly;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * A scheduled job that must run in one worker at a time: each run appends the pid and
 * the run's start and end (epoch microseconds) to {@code demo.leader-log}.
 *
 * @author ClusterBoot team
 */
@Component
@ConditionalOnProperty("demo.leader-log")
class LeaderJob {

	private static final long RUN_MILLIS = 50;

	private final Path log;

	LeaderJob(@Value("${demo.leader-log}") Path log) {
		this.log = log;
	}

	@Scheduled(fixedDelay = 100)
	@ClusterLeaderOnly
	public void run() throws IOException, InterruptedException {
		long start = micros();
		Thread.sleep(RUN_MILLIS);
		String line = ProcessHandle.current().pid() + " " + start + " " + micros() + System.lineSeparator();
		Files.writeString(this.log, line, StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
				StandardOpenOption.APPEND);
	}

	private static long micros() {
		return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
	}

}
