# SPDX-License-Identifier: MIT
# bt_set_warnings(target): the build flags of our own targets, set on the target (never globally, so a
# parent project that add_subdirectory()s bittensor-cpp keeps its own flags):
#   - warnings on; fatal only with BT_WERROR (default: when bittensor-cpp is the top-level project),
#   - AddressSanitizer + UndefinedBehaviorSanitizer with BT_SANITIZE,
#   - libFuzzer coverage hooks + ASan/UBSan with BT_FUZZ (clang).
# Third-party headers come in through system include directories (imported targets), so their warnings
# do not break our build.
function(bt_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  if(BT_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(BT_SANITIZE OR BT_FUZZ)
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-sanitize-recover=undefined
                                             -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
  if(BT_FUZZ)
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link -g)
  endif()
endfunction()
