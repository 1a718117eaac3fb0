package io.clusterboot.demo.e2e;

import java.util.Map;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A complete HTTP/1.1 response as read off the wire.
 *
 * @param status the status code
 * @param headers header values by lower-case name (repeated headers joined with ", ")
 * @param body the body, decoded as UTF-8 (de-chunked)
 * @author ClusterBoot team
 */
record HttpResponse(int status, Map<String, String> headers, String body) {

	private static final Pattern PID = Pattern.compile("\"pid\"\\s*:\\s*(\\d+)");

	/**
	 * The pid of the process that answered, from the demo's JSON body.
	 * @return the pid, if the body has one
	 */
	OptionalLong pid() {
		Matcher matcher = PID.matcher(this.body);
		return matcher.find() ? OptionalLong.of(Long.parseLong(matcher.group(1))) : OptionalLong.empty();
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
