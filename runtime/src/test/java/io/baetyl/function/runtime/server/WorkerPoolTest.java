package io.baetyl.function.runtime.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkerPoolTest {

  @Test
  void setsAsideAtMostTwoWorkersWhateverWorkersMaxIs() {
    WorkerPool pool = new WorkerPool(4);
    try {
      assertThat(pool.setAside("f", "1")).isTrue();
      assertThat(pool.setAside("f", "2")).isTrue();
      assertThat(pool.setAside("f", "3")).isFalse();
      assertThat(pool.executor().getMaximumPoolSize()).isEqualTo(6);

      pool.release("f", "1");
      assertThat(pool.executor().getMaximumPoolSize()).isEqualTo(5);
      assertThat(pool.setAside("f", "3")).isTrue();
    } finally {
      pool.executor().shutdownNow();
    }
  }

  @Test
  void setsAsideNoMoreWorkersThanWorkersMax() {
    WorkerPool pool = new WorkerPool(1);
    try {
      assertThat(pool.setAside("f", "1")).isTrue();
      assertThat(pool.setAside("f", "2")).isFalse();
    } finally {
      pool.executor().shutdownNow();
    }
  }
}
