package io.clusterboot.demo.e2e;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A complete HTTP/1.1 response as read off the wire.
 *
 * @param status the status code
 * @param headers header values by lower-case name (repeated headers joined with ", ")
 * @param body the body, decoded as UTF-8 (de-chunked)
 * @author ClusterBoot team
 */
record HttpResponse(int status, Map<String, String> headers, String body) {

	/**
	 * The pid of the process that answered, from the demo's JSON body.
	 * @return the pid, if the body has one
	 */
	OptionalLong pid() {
		return responder().map((responder) -> OptionalLong.of(responder.pid())).orElse(OptionalLong.empty());
	}

	/**
	 * Who answered, from the demo's JSON body.
	 * @return the responder, if the body names one
	 */
	Optional<Responder> responder() {
		return Responder.of(this.body);
	}

	boolean isSuccess() {
		return this.status >= 200 && this.status < 300;
	}

	/**
	 * Whether the server announced it closes the connection after this response.
	 * @return whether {@code Connection: close} was sent
	 */
	boolean connectionClose() {
		String connection = this.headers.get("connection");
		if (connection == null) {
			return false;
		}
		for (String token : connection.split(",")) {
			if (token.trim().equalsIgnoreCase("close")) {
				return true;
			}
		}
		return false;
	}

}
