package io.clusterboot.demo.e2e;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Requests sent at once, each on its own connection to 127.0.0.1, whose responses are
 * read later: to keep a worker's request threads busy (with {@code /slow}) while the
 * test looks at the cluster.
 *
 * @author ClusterBoot team
 */
final class PendingRequests implements AutoCloseable {

	private final List<HttpConnection> connections = new ArrayList<>();

	private PendingRequests() {
	}

	/**
	 * Opens {@code count} connections and sends a GET on each, without reading.
	 * @param port the port
	 * @param path the path
	 * @param count how many requests
	 * @param readTimeout the longest wait for any byte of a response
	 * @return the pending requests, which the caller must close
	 * @throws IOException if a connect or send fails (the connections opened are closed)
	 */
	static PendingRequests send(int port, String path, int count, Duration readTimeout) throws IOException {
		PendingRequests pending = new PendingRequests();
		try {
			for (int i = 0; i < count; i++) {
				HttpConnection connection = HttpConnection.open(port, readTimeout);
				pending.connections.add(connection);
				connection.send(path, false);
			}
			return pending;
		}
		catch (IOException | RuntimeException ex) {
			pending.close();
			throw ex;
		}
	}

	/**
	 * Reads every response, in the order the requests were sent.
	 * @return the responses
	 * @throws IOException if a response fails
	 */
	List<HttpResponse> responses() throws IOException {
		List<HttpResponse> responses = new ArrayList<>();
		for (HttpConnection connection : this.connections) {
			responses.add(connection.readResponse());
		}
		return responses;
	}

	@Override
	public void close() {
		this.connections.forEach(HttpConnection::close);
	}

}
