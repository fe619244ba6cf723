// SPDX-License-Identifier: GPL-2.0-only
#ifndef TCP_TEARDOWN_COMPAT_H
#define TCP_TEARDOWN_COMPAT_H

/**
 * \file
 * \ingroup tcp-teardown
 * The ns-3 API differences between the releases the module builds with
 * (ns-3.35 ... ns-3.48), in one place. Each version check names the ns-3
 * release that changed the API.
 *
 * TCP_TEARDOWN_NS3_VERSION is 100 * major + minor of the ns-3 the module is
 * built against (ns-3.37 -> 337). The build defines it: CMakeLists.txt from
 * the ns3 CMake package (standalone) or the tree's VERSION file (in-tree),
 * wscript from the waf tree's VERSION file.
 */

#ifndef TCP_TEARDOWN_NS3_VERSION
#error "TCP_TEARDOWN_NS3_VERSION is not defined: build with the module's CMakeLists.txt or \
wscript, or define it as 100 * major + minor of your ns-3 (ns-3.37 -> 337)"
#endif

#include "ns3/attribute.h"
#include "ns3/callback.h"
#include "ns3/enum.h"
#include "ns3/event-id.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/object-factory.h"
#include "ns3/ptr.h"
#include "ns3/simple-ref-count.h"
#include "ns3/simulator.h"

#include <string>
#include <utility>

// ns-3.41 made MakeEnumAccessor a template on the enum type.
#if TCP_TEARDOWN_NS3_VERSION >= 341
/** MakeEnumAccessor for the enum \p type and the member \p member. */
#define TCP_TEARDOWN_ENUM_ACCESSOR(type, member) ns3::MakeEnumAccessor<type>(member)
#else
#define TCP_TEARDOWN_ENUM_ACCESSOR(type, member) ns3::MakeEnumAccessor(member)
#endif

// ns-3.43 gave TcpSocketBase::AddSocketTags a bool isEct argument (before,
// only packets with a payload were ECN-capable).
#if TCP_TEARDOWN_NS3_VERSION >= 343
/** TcpSocketBase::AddSocketTags, inside a TcpSocketBase subclass. */
#define TCP_TEARDOWN_ADD_SOCKET_TAGS(packet, isEct) AddSocketTags(packet, isEct)
#else
#define TCP_TEARDOWN_ADD_SOCKET_TAGS(packet, isEct) AddSocketTags(packet)
#endif

// ns-3.45 made Object::GetInstanceTypeId final (CreateObject records the
// TypeId); before, an Object subclass overrides it.
/** 1 where a subclass of Object overrides GetInstanceTypeId. */
#define TCP_TEARDOWN_OVERRIDE_INSTANCE_TYPE_ID (TCP_TEARDOWN_NS3_VERSION < 345)

// ns-3.42 replaced TestSuite::TestType and TestCase::TestDuration by the
// enum classes TestSuite::Type and TestCase::Duration (old names gone in 3.46).
#if TCP_TEARDOWN_NS3_VERSION >= 342
/** The TestSuite type of a unit test suite. */
#define TCP_TEARDOWN_TEST_UNIT ns3::TestSuite::Type::UNIT
/** The TestCase duration of a quick case. */
#define TCP_TEARDOWN_TEST_QUICK ns3::TestCase::Duration::QUICK
#else
#define TCP_TEARDOWN_TEST_UNIT ns3::TestSuite::UNIT
#define TCP_TEARDOWN_TEST_QUICK ns3::TestCase::QUICK
#endif

namespace ns3
{

/**
 * \ingroup tcp-teardown
 * Whether \p event is still to run. ns-3.42 added EventId::IsPending and
 * deprecated IsRunning, which ns-3.46 removed.
 * \param event the event
 * \return true if it is scheduled and neither ran nor was cancelled
 */
inline bool
CompatIsPending(const EventId& event)
{
#if TCP_TEARDOWN_NS3_VERSION >= 342
    return event.IsPending();
#else
    return event.IsRunning();
#endif
}

/**
 * \ingroup tcp-teardown
 * Whether an attribute holds an enum. ns-3.41 made EnumValue a template on
 * the enum type, so DynamicCast<EnumValue> no longer names a type; the
 * checker's value type name ("ns3::EnumValue" or "ns3::EnumValue<...>")
 * tells in every release.
 * \param checker the attribute's checker
 * \return true for an enum attribute
 */
inline bool
CompatIsEnumAttribute(const Ptr<const AttributeChecker>& checker)
{
    return checker && checker->GetValueTypeName().rfind("ns3::EnumValue", 0) == 0;
}

#if TCP_TEARDOWN_NS3_VERSION < 336
/**
 * \ingroup tcp-teardown
 * Holds a callable for a Callback or an event made before ns-3.36, whose
 * Callbacks and Simulator::Schedule take only function and member pointers.
 */
template <typename F, typename... Args>
class CompatCallableHolder : public SimpleRefCount<CompatCallableHolder<F, Args...>>
{
  public:
    /** \param callable what Call runs */
    explicit CompatCallableHolder(F callable)
        : m_callable(std::move(callable))
    {
    }

    /** Run the callable. \param args its arguments */
    void Call(Args... args) const
    {
        m_callable(args...);
    }

  private:
    F m_callable; //!< the callable
};
#endif

/**
 * \ingroup tcp-teardown
 * A Callback<void, Args...> that runs \p callable (a lambda, say). ns-3.36
 * made Callbacks constructible from any callable; before, it is bound as a
 * member function of a reference-counted holder.
 * \param callable what the Callback runs
 * \return the Callback
 */
template <typename... Args, typename F>
Callback<void, Args...>
CompatCallback(F callable)
{
#if TCP_TEARDOWN_NS3_VERSION >= 336
    return Callback<void, Args...>(std::move(callable));
#else
    using Holder = CompatCallableHolder<F, Args...>;
    return MakeCallback(&Holder::Call, Ptr<Holder>(new Holder(std::move(callable)), false));
#endif
}

/**
 * \ingroup tcp-teardown
 * Simulator::Schedule for a callable without arguments (a lambda, say).
 * ns-3.36 made Simulator::Schedule accept any callable; before, it takes
 * function and member pointers only, so the callable is bound as a member
 * function of a reference-counted holder.
 * \param delay when, from now
 * \param callable what runs then
 * \return the event
 */
template <typename F>
EventId
CompatSchedule(const Time& delay, F callable)
{
#if TCP_TEARDOWN_NS3_VERSION >= 336
    return Simulator::Schedule(delay, std::move(callable));
#else
    using Holder = CompatCallableHolder<F>;
    return Simulator::Schedule(delay,
                               &Holder::Call,
                               Ptr<Holder>(new Holder(std::move(callable)), false));
#endif
}

/**
 * \ingroup tcp-teardown
 * Install the Internet stack of \p internet on \p nodes with \p tcp (the
 * TypeId name of ns3::TcpL4Protocol or a subclass, e.g.
 * "ns3::TcpTeardownL4Protocol") as their TCP. ns-3.39 removed
 * InternetStackHelper::SetTcp; from then on Install keeps a protocol that is
 * already aggregated to the node, so a TCP other than the stock one is
 * aggregated first (it joins IPv4 and IPv6 when they are aggregated after it).
 * \param internet the helper (its other settings apply)
 * \param nodes the nodes, without an Internet stack yet
 * \param tcp the TCP's TypeId name
 */
inline void
CompatInstallInternet(InternetStackHelper& internet,
                      const NodeContainer& nodes,
                      const std::string& tcp)
{
#if TCP_TEARDOWN_NS3_VERSION >= 339
    for (auto it = nodes.Begin(); tcp != "ns3::TcpL4Protocol" && it != nodes.End(); ++it)
    {
        ObjectFactory factory;
        factory.SetTypeId(tcp);
        (*it)->AggregateObject(factory.Create<Object>());
    }
#else
    internet.SetTcp(tcp);
#endif
    internet.Install(nodes);
}

} // namespace ns3

#endif // TCP_TEARDOWN_COMPAT_H
