// The date text IAM's legacy parser accepts in Date* condition values: a number of seconds since
// the epoch (digits, up to 2^63-1) or an ISO 8601 date-time in the forms its Java date parser
// reads. A value outside these makes IAM refuse the whole document ("The policy failed legacy
// parsing"). Pure; thread-safe.
#pragma once

#include <string_view>

namespace localiam::policy {

// Whether `text` is a date value IAM's legacy parser reads. Accepted forms:
//   digits only                           a non-negative 64-bit number ("1500000000")
//   [+-]Y[-M[-D]] or [+-]Y-DDD            year of 1-9 digits within -292275054..292278993,
//                                         month 1-12, day valid for the month, day of year
//   then optionally T[h[:m[:s]]][.f][zone] hour 0-23, minute and second 0-59 (1-2 digits each),
//                                         a fraction of 1-9 digits ('.' or ','), and a zone
//                                         Z or +hh, +hh:mm, +hhmm (also '-'), hh 00-23, mm 00-59
//   T... alone                            a time without a date
// 'T' and 'Z' in either case. Anything else (words, month 13, "+1" as a zone, ten fraction
// digits, 2^63) is refused.
bool is_legacy_date_value(std::string_view text);

}  // namespace localiam::policy
