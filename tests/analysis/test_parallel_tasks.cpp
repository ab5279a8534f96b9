#include <catch2/catch.hpp>

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis/parallel_tasks.hpp"

using lmsim::analysis::run_tasks;

TEST_CASE("run_tasks: every task runs once, on any number of threads", "[parallel_tasks]") {
  for (const unsigned threads : {0u, 1u, 2u, 7u, 64u}) {
    std::vector<int> runs(50, 0);
    std::vector<std::function<void()>> tasks;
    for (std::size_t i = 0; i < runs.size(); ++i) tasks.emplace_back([&runs, i] { ++runs[i]; });
    run_tasks(tasks, threads);
    CHECK(runs == std::vector<int>(50, 1));
  }
  run_tasks({}, 4);  // nothing to do
}

TEST_CASE("run_tasks: the first failing task's error, after all the others ran",
          "[parallel_tasks]") {
  for (const unsigned threads : {1u, 2u, 8u}) {
    std::vector<int> runs(20, 0);
    std::vector<std::function<void()>> tasks;
    for (std::size_t i = 0; i < runs.size(); ++i) {
      tasks.emplace_back([&runs, i] {
        ++runs[i];
        if (i == 5 || i == 13) throw std::runtime_error("task " + std::to_string(i));
      });
    }
    CHECK_THROWS_WITH(run_tasks(tasks, threads), "task 5");
    CHECK(runs == std::vector<int>(20, 1));
  }
}
