package org.ackgate.messages;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ConfirmationsTests {

	private final Confirmations confirmations = new Confirmations();

	@Test
	void closedWithoutPromisesTheAckNeedNotWait() {
		this.confirmations.open();
		assertThat(this.confirmations.close()).isNull();
		assertThat(this.confirmations.isOpen()).isFalse();
	}

	@Test
	void theAckWaitsForEveryPromiseAndAFailedOneFailsIt() {
		CompletableFuture<Void> first = new CompletableFuture<>();
		CompletableFuture<Void> second = new CompletableFuture<>();
		this.confirmations.open();
		this.confirmations.promise(first);
		this.confirmations.promise(second);
		CompletableFuture<?> all = this.confirmations.close();
		assertThat(all).isNotNull();
		first.complete(null);
		assertThat(all).isNotDone();
		second.completeExceptionally(new IllegalStateException("refused"));
		assertThat(all).isCompletedExceptionally();
	}

	@Test
	void aSinglePromiseIsTheConfirmationItself() {
		CompletableFuture<Void> only = new CompletableFuture<>();
		this.confirmations.open();
		this.confirmations.promise(only);
		assertThat(this.confirmations.close()).isSameAs(only);
	}

	@Test
	void promisesDoNotCarryOverToTheNextMessage() {
		this.confirmations.open();
		this.confirmations.promise(new CompletableFuture<>());
		this.confirmations.close();
		this.confirmations.open();
		assertThat(this.confirmations.close()).isNull();
	}

	@Test
	void aSubscriberMayOnlyPromiseWhileOpenAndOnlyOpenOnesAreFoundInHeaders() {
		assertThatIllegalStateException().isThrownBy(() -> this.confirmations.promise(new CompletableFuture<>()))
			.withMessageContaining("must wait");
		Map<String, Object> headers = Map.of(Confirmations.HEADER, this.confirmations);
		assertThat(Confirmations.openIn(headers)).isNull();
		this.confirmations.open();
		assertThat(Confirmations.openIn(headers)).isSameAs(this.confirmations);
		assertThat(Confirmations.openIn(Map.of())).isNull();
	}

}
