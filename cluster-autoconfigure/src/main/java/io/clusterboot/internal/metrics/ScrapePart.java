package io.clusterboot.internal.metrics;

/**
 * A part of a worker's exposition, sent back to the worker that asked for it: an
 * exposition is gzipped, encoded in Base64 and cut into parts that each fit in a cluster
 * message ({@link ScrapeParts}).
 *
 * @param request the id of the request it answers
 * @param requester the id of the worker that asked
 * @param worker the id of the answering worker
 * @param slot the slot of the answering worker
 * @param part the number of this part, from 0
 * @param parts how many parts the exposition takes
 * @param data this part of the encoded exposition
 * @author ClusterBoot team
 */
public record ScrapePart(long request, long requester, long worker, int slot, int part, int parts, String data) {

}
