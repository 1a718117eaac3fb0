package io.clusterboot.demo;

import jakarta.servlet.http.HttpSession;

import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Counts a visitor's requests in the HTTP session: in a cluster, every worker sees the
 * same count, and it survives reloads and crashed workers.
 *
 * @author ClusterBoot team
 */
@RestController
class VisitsController {

	private static final String VISITS = "visits";

	private static final String PAYLOAD = "payload";

	private static final int MAX_PAYLOAD_BYTES = 1024 * 1024;

	private final Environment environment;

	VisitsController(Environment environment) {
		this.environment = environment;
	}

	@GetMapping("/visits")
	Visits visit(HttpSession session) {
		Integer previous = (Integer) session.getAttribute(VISITS);
		int visits = (previous != null) ? previous + 1 : 1;
		session.setAttribute(VISITS, visits);
		return new Visits(visits, slot(), ProcessHandle.current().pid());
	}

	/**
	 * Puts what cannot be serialized in the session: the request fails, naming the
	 * attribute and its class, and the session keeps what it had.
	 */
	@PostMapping("/visits/thread")
	Visits keepThread(HttpSession session) {
		session.setAttribute("thread", Thread.currentThread());
		return visit(session);
	}

	/**
	 * Keeps {@code bytes} zero bytes in the session, in place of what it kept there
	 * before: {@code bench/sessions.sh} fills the master's store with sessions of a known
	 * size through it.
	 */
	@PostMapping("/visits/payload")
	Payload keepPayload(@RequestParam int bytes, HttpSession session) {
		if (bytes < 0 || bytes > MAX_PAYLOAD_BYTES) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"bytes must be from 0 to " + MAX_PAYLOAD_BYTES + ", not " + bytes);
		}
		session.setAttribute(PAYLOAD, new byte[bytes]);
		return new Payload(bytes, slot(), ProcessHandle.current().pid());
	}

	private Integer slot() {
		return this.environment.getProperty("cluster.worker.slot", Integer.class);
	}

	/**
	 * A visitor's count, and who counted it.
	 *
	 * @param visits the requests of this session
	 * @param slot the slot of the worker that answered, or {@code null} outside a cluster
	 * @param pid the process that answered
	 */
	record Visits(int visits, Integer slot, long pid) {
	}

	/**
	 * The size of the payload a session now keeps, and who stored it.
	 *
	 * @param bytes the payload's length
	 * @param slot the slot of the worker that answered, or {@code null} outside a cluster
	 * @param pid the process that answered
	 */
	record Payload(int bytes, Integer slot, long pid) {
	}

}
