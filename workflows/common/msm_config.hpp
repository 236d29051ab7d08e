#pragma once

// Boost.MPL caps mpl::vector at 20 elements unless told otherwise before its first inclusion.
// The establishment table has 28 rows (park, resume and close exist from every stage), so every
// translation unit that includes a workflow machine includes this header first. The build also
// sets these macros on the facilitator_msm target so that the order of includes cannot matter.
#ifndef BOOST_MPL_CFG_NO_PREPROCESSED_HEADERS
#define BOOST_MPL_CFG_NO_PREPROCESSED_HEADERS
#endif
#ifndef BOOST_MPL_LIMIT_VECTOR_SIZE
#define BOOST_MPL_LIMIT_VECTOR_SIZE 40
#endif
#ifndef BOOST_MPL_LIMIT_MAP_SIZE
#define BOOST_MPL_LIMIT_MAP_SIZE 40
#endif

#include <boost/msm/back/state_machine.hpp>
#include <boost/msm/front/functor_row.hpp>
#include <boost/msm/front/state_machine_def.hpp>
