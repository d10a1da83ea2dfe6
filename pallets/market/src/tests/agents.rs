//! Tests of agents.

use super::*;

#[test]
fn agents_publish_change_fee_and_retire() {
	ExtBuilder::default().build_and_execute(|| {
		market();
		let prompt = BoundedVec::try_from(b"You are a pirate.".to_vec()).unwrap();
		assert_ok!(Market::publish_agent(RuntimeOrigin::signed(CAROL), 0, prompt, 50));
		assert_eq!(
			Balances::balance_on_hold(&HoldReason::AgentDeposit.into(), &CAROL),
			AGENT_DEPOSIT
		);
		assert!(events().contains(&Event::AgentPublished {
			agent: 0,
			creator: CAROL,
			model: 0,
			fee_per_call: 50
		}));
		assert_noop!(
			Market::set_agent_fee(RuntimeOrigin::signed(BOB), 0, 1),
			Error::<Test>::NotAgentCreator
		);
		assert_noop!(
			Market::set_agent_fee(RuntimeOrigin::signed(CAROL), 4, 1),
			Error::<Test>::UnknownAgent
		);
		assert_ok!(Market::set_agent_fee(RuntimeOrigin::signed(CAROL), 0, 60));
		assert_eq!(Agents::<Test>::get(0).unwrap().fee_per_call, 60);
		assert_noop!(
			Market::retire_agent(RuntimeOrigin::signed(BOB), 0),
			Error::<Test>::NotAgentCreator
		);
		assert_noop!(
			Market::retire_agent(RuntimeOrigin::signed(CAROL), 3),
			Error::<Test>::UnknownAgent
		);
		assert_ok!(Market::retire_agent(RuntimeOrigin::signed(CAROL), 0));
		assert_eq!(Balances::balance_on_hold(&HoldReason::AgentDeposit.into(), &CAROL), 0);
		assert!(events().contains(&Event::AgentRetired { agent: 0 }));
	});
}

#[test]
fn publish_agent_failures() {
	ExtBuilder::default().build_and_execute(|| {
		market();
		let prompt = || BoundedVec::try_from(b"p".to_vec()).unwrap();
		assert_noop!(
			Market::publish_agent(RuntimeOrigin::signed(CAROL), 7, prompt(), 1),
			Error::<Test>::UnknownModel
		);
		assert_noop!(
			Market::publish_agent(RuntimeOrigin::signed(77), 0, prompt(), 1),
			Error::<Test>::InsufficientBalance
		);
	});
}

#[test]
fn an_agent_call_pays_the_creator_and_blocks_retirement_while_in_flight() {
	ExtBuilder::default().build_and_execute(|| {
		market();
		let prompt = b"You are a pirate.";
		assert_ok!(Market::publish_agent(
			RuntimeOrigin::signed(CAROL),
			0,
			BoundedVec::try_from(prompt.to_vec()).unwrap(),
			50
		));
		assert_ok!(Market::submit_job(
			RuntimeOrigin::signed(ALICE),
			JobTarget::Agent(0),
			input(),
			MAX_OUT,
			10_000,
			policy(Strategy::Cheapest)
		));
		let job = Jobs::<Test>::get(0).unwrap();
		assert_eq!(job.max_input_tokens, MAX_IN + prompt.len() as u32);
		assert_eq!(job.creator_fee, Some((CAROL, 50)));
		// The hold covers the worst provider on the route plus the creator fee.
		let worst = job
			.route
			.iter()
			.map(|a| worst_case_cost(job.max_input_tokens, MAX_OUT, a.price_in, a.price_out))
			.max()
			.unwrap();
		assert_eq!(job.hold, worst + 50);
		assert_noop!(
			Market::retire_agent(RuntimeOrigin::signed(CAROL), 0),
			Error::<Test>::AgentHasJobsInFlight
		);
		// A fee change does not touch the call in flight.
		assert_ok!(Market::set_agent_fee(RuntimeOrigin::signed(CAROL), 0, 5_000));
		let carol = free(CAROL);
		assert_ok!(answer(0, OP2, 20, 30));
		run_to(10);
		assert_eq!(free(CAROL), carol + 50);
		assert_ok!(Market::retire_agent(RuntimeOrigin::signed(CAROL), 0));
	});
}
