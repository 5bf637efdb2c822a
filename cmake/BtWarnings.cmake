# SPDX-License-Identifier: MIT
# bt_set_warnings(target): warnings on and fatal for our own code. Third-party headers come in through
# system include directories (imported targets), so their warnings do not break our build.
function(bt_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Werror)
endfunction()
