package io.clusterboot.demo.e2e;

import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A visitor of the demo's {@code /visits}, with a new connection for every request (as a
 * browser's several connections or a proxy without keep-alive): only its session cookie
 * ties its requests together, so whichever worker answers must know its session.
 *
 * @author ClusterBoot team
 */
final class SessionVisitor {

	private static final Pattern SESSION_COOKIE = Pattern.compile("SESSION=([^;,\\s]+)");

	private final int port;

	private String cookie;

	private int visits;

	SessionVisitor(int port) {
		this.port = port;
	}

	/**
	 * Visits once and checks that the count went on from the last visit.
	 * @param context what describes the cluster in a failure
	 * @return the answer
	 * @throws IOException if the request fails
	 */
	Visit visit(String context) throws IOException {
		HttpResponse response = request("GET", "/visits");
		assertThat(response.status()).as("GET /visits: %s%s", response, context).isEqualTo(200);
		Visit visit = Json.read(response.body(), Visit.class);
		assertThat(visit.visits()).as("visits counted by the session (%s)%s", response, context)
			.isEqualTo(this.visits + 1);
		this.visits = visit.visits();
		return visit;
	}

	/**
	 * Sends a request in the visitor's session.
	 * @param method the method
	 * @param path the path
	 * @return the response
	 * @throws IOException if the request fails
	 */
	HttpResponse request(String method, String path) throws IOException {
		try (HttpConnection connection = HttpConnection.open(this.port, HttpConnection.READ_TIMEOUT)) {
			connection.send(method, path, true, "application/json",
					(this.cookie != null) ? List.of("Cookie: SESSION=" + this.cookie) : List.of());
			HttpResponse response = connection.readResponse();
			String setCookie = response.headers().get("set-cookie");
			Matcher matcher = (setCookie != null) ? SESSION_COOKIE.matcher(setCookie) : null;
			if (matcher != null && matcher.find()) {
				this.cookie = matcher.group(1);
			}
			return response;
		}
	}

	int visits() {
		return this.visits;
	}

	/**
	 * The demo's answer.
	 *
	 * @param visits the session's count
	 * @param slot the answering worker's slot
	 * @param pid the answering process
	 */
	record Visit(int visits, Integer slot, long pid) {
	}

}
