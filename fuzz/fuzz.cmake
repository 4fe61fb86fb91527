# libFuzzer targets (fuzz/README.md), included by CMakeLists.txt when LOCALIAM_FUZZ=ON: one
# executable per fuzz/*_fuzzer.cpp, linked with -fsanitize=fuzzer against the instrumented
# libraries. `fuzz_all` builds them all.
# The Query protocol (localiam_query) links without the rest of the request path.
add_custom_target(fuzz_all)
file(GLOB FUZZ_SOURCES CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/*_fuzzer.cpp)
foreach(source ${FUZZ_SOURCES})
  get_filename_component(name ${source} NAME_WE)
  string(REGEX REPLACE "_fuzzer$" "" name ${name})
  add_executable(fuzz_${name} ${source})
  target_link_libraries(fuzz_${name} PRIVATE localiam_query localiam_sigv4 localiam_policy
    localiam_federation localiam_analyzer)
  target_link_options(fuzz_${name} PRIVATE -fsanitize=fuzzer)
  add_dependencies(fuzz_all fuzz_${name})
endforeach()
