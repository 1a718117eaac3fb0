package io.clusterboot.demo.store.catalog;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * What a customer enters to review a product.
 *
 * @author ClusterBoot team
 */
public class ReviewForm {

	@NotBlank
	@Size(max = 100)
	private String author;

	@NotNull
	@Min(1)
	@Max(5)
	private Integer rating = 5;

	@Size(max = 2000)
	private String comment;

	public String getAuthor() {
		return this.author;
	}

	public void setAuthor(String author) {
		this.author = author;
	}

	public Integer getRating() {
		return this.rating;
	}

	public void setRating(Integer rating) {
		this.rating = rating;
	}

	public String getComment() {
		return this.comment;
	}

	public void setComment(String comment) {
		this.comment = comment;
	}

}
