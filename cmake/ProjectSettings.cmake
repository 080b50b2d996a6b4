# pgha_settings: sanitizer and hardening flags; pgha_warnings: the warning set.
# Every first-party target links both privately.
add_library(pgha_settings INTERFACE)
add_library(pgha_warnings INTERFACE)

target_compile_definitions(pgha_settings INTERFACE $<$<CONFIG:Debug>:_GLIBCXX_ASSERTIONS>)
set(_pgha_sanitizers "")
if(PGHA_ENABLE_ASAN)
  list(APPEND _pgha_sanitizers address)
endif()
if(PGHA_ENABLE_UBSAN)
  list(APPEND _pgha_sanitizers undefined)
endif()
if(_pgha_sanitizers)
  list(JOIN _pgha_sanitizers "," _pgha_san)
  target_compile_options(pgha_settings INTERFACE -fsanitize=${_pgha_san} -fno-omit-frame-pointer
                                                 -fno-sanitize-recover=all)
  target_link_options(pgha_settings INTERFACE -fsanitize=${_pgha_san})
endif()

target_compile_options(pgha_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                               -Woverloaded-virtual -Wcast-align -Wformat=2)
if(PGHA_WARNINGS_AS_ERRORS)
  target_compile_options(pgha_warnings INTERFACE -Werror)
endif()

# pgha_target(NAME): apply the project settings to a first-party target.
function(pgha_target name)
  target_link_libraries(${name} PRIVATE pgha_settings pgha_warnings)
endfunction()
