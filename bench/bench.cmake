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
  # ValidatePolicy on a 6,144-character policy (bench/policy/validate_policy_bench.cpp).
  add_executable(localiam_validate_bench ${CMAKE_CURRENT_LIST_DIR}/policy/validate_policy_bench.cpp)
  target_link_libraries(localiam_validate_bench PRIVATE localiam_analyzer benchmark::benchmark)
endif()

# The gateway benchmark (bench/gateway/): a fixed-answer upstream and the client that measures
# forwarding through localiam against it (bench/README.md, "Gateway").
add_executable(localiam_gateway_bench ${CMAKE_CURRENT_LIST_DIR}/gateway/gateway_bench.cpp
               ${CMAKE_CURRENT_LIST_DIR}/gateway/fixed_upstream.cpp
               ${CMAKE_CURRENT_LIST_DIR}/http_client.cpp
               ${CMAKE_CURRENT_LIST_DIR}/latency_histogram.cpp)
target_include_directories(localiam_gateway_bench PRIVATE ${CMAKE_CURRENT_LIST_DIR}/..)
target_link_libraries(localiam_gateway_bench PRIVATE localiam_sigv4 localiam_common pthread)
if(BUILD_TESTING)
  add_test(NAME gateway_bench_smoke
    COMMAND ${CMAKE_CURRENT_LIST_DIR}/gateway/run_gateway_bench.sh $<TARGET_FILE:localiam>
            $<TARGET_FILE:localiam_gateway_bench> --quick)
  set_tests_properties(gateway_bench_smoke PROPERTIES TIMEOUT 60)
endif()
