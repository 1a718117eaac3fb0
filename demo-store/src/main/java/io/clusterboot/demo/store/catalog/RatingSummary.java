package io.clusterboot.demo.store.catalog;

/**
 * The number of reviews of a product and their average rating.
 *
 * @param count the number of reviews
 * @param average the average rating, 0 without reviews
 * @author ClusterBoot team
 */
public record RatingSummary(Long count, Double average) {

	/**
	 * The average rounded to half stars, for display.
	 * @return the rounded average
	 */
	public double roundedAverage() {
		return Math.round(this.average * 2) / 2.0;
	}

}
