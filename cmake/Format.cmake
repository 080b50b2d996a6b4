# `format` rewrites first-party sources with clang-format; `check_format` fails on any diff.
find_program(CLANG_FORMAT_EXE NAMES clang-format-14 clang-format)
if(CLANG_FORMAT_EXE)
  file(GLOB_RECURSE _pgha_fmt_sources CONFIGURE_DEPENDS
       ${PROJECT_SOURCE_DIR}/common/*.[ch]pp ${PROJECT_SOURCE_DIR}/agent/*.[ch]pp
       ${PROJECT_SOURCE_DIR}/distlock/*.[ch]pp ${PROJECT_SOURCE_DIR}/cls-tools/*.[ch]pp
       ${PROJECT_SOURCE_DIR}/tests/*.[ch]pp ${PROJECT_SOURCE_DIR}/bench/*.[ch]pp)
  add_custom_target(format COMMAND ${CLANG_FORMAT_EXE} -i ${_pgha_fmt_sources}
                    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR} VERBATIM)
  add_custom_target(check_format COMMAND ${CLANG_FORMAT_EXE} --dry-run --Werror ${_pgha_fmt_sources}
                    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR} VERBATIM)
endif()
