# The load generator (bench/README.md). It links only the signer and the common types: it speaks
# HTTP over plain sockets, so that it measures the server rather than a client library.
file(GLOB BENCH_SOURCES CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/*.cpp)
add_executable(localiam_bench ${BENCH_SOURCES})
target_link_libraries(localiam_bench PRIVATE localiam_sigv4 localiam_common)

# Policy evaluation speed (bench/policy/), built when Google Benchmark is installed
# (Debian: libbenchmark-dev); nothing in the tests depends on it.
find_package(benchmark QUIET)
if(benchmark_FOUND)
  add_executable(localiam_policy_bench ${CMAKE_CURRENT_LIST_DIR}/policy/policy_eval_bench.cpp)
  target_link_libraries(localiam_policy_bench PRIVATE localiam_policy localiam_common
                        benchmark::benchmark)
endif()
