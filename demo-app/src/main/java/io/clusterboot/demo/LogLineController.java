package io.clusterboot.demo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Logs a numbered line per request, so that a test can count the lines a cluster's log
 * file and output hold against those written.
 *
 * @author ClusterBoot team
 */
@RestController
class LogLineController {

	private static final Logger logger = LoggerFactory.getLogger(LogLineController.class);

	@GetMapping("/log")
	String log(@RequestParam long line) {
		logger.info("Numbered line {}", line);
		return "logged " + line;
	}

}
