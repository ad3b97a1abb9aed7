//! A minimal chain over `cosmwasm-vm`: stores codes, instantiates contracts at bech32 addresses,
//! and routes what contracts send the way wasmd does: `WasmMsg::Execute` and `Instantiate`
//! submessages with replies, bank sends, and smart, raw, contract-info and balance queries from
//! one contract into another, and ICS-20 transfers both ways with the callbacks of wasmd's IBC
//! callbacks middleware: the destination callback of a transfer received, and the source
//! callback of a transfer a contract sent, when the test acknowledges it or times it out. Each
//! contract's storage persists across calls; a failed submessage rolls back everything it did. Gas is metered per instance and summed over the
//! whole call graph.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet};
use std::rc::{Rc, Weak};

use anyhow::{anyhow, bail, Context};
use cosmwasm_std::{
    from_json, to_json_binary, Addr, BalanceResponse, BankMsg, BankQuery, Binary, BlockInfo,
    Checksum, Coin, ContractInfo, ContractInfoResponse, ContractResult, CosmosMsg, Empty, Env,
    Event, IbcAckCallbackMsg, IbcAcknowledgement, IbcBasicResponse, IbcDestinationCallbackMsg,
    IbcEndpoint, IbcMsg, IbcPacket, IbcSourceCallbackMsg, IbcTimeoutCallbackMsg, MessageInfo,
    QueryRequest, Reply, ReplyOn, Response, SubMsgResponse, SubMsgResult, SystemResult, Timestamp,
    WasmMsg, WasmQuery,
};
use cosmwasm_vm::testing::MockApi;
use cosmwasm_vm::{
    call_execute, call_ibc_destination_callback, call_ibc_source_callback, call_instantiate,
    call_migrate, call_query_raw, call_reply, Backend, BackendResult, Cache, CacheOptions, GasInfo,
    Instance, InstanceOptions, Querier, Size, VmResult,
};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::storage::{ContractStorage, StorageOps};

/// The capabilities of a wasmd chain the artifacts must run on.
pub const CAPABILITIES: [&str; 9] = [
    "iterator",
    "staking",
    "stargate",
    "cosmwasm_1_1",
    "cosmwasm_1_2",
    "cosmwasm_1_3",
    "cosmwasm_1_4",
    "cosmwasm_2_0",
    "cosmwasm_2_1",
];

/// Far above any single call, so that the meter only measures.
const GAS_LIMIT: u64 = 1 << 50;
/// wasmd's default: one SDK gas unit is 140,000 CosmWasm gas units.
pub const GAS_MULTIPLIER: u64 = 140_000;

type VmInstance = Instance<MockApi, ContractStorage, ChainQuerier>;

/// What one top-level call cost, summed over every contract it reached.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GasUsed {
    /// CosmWasm gas used inside the VM (execution), over every instance.
    pub vm: u64,
    /// Storage operations, which the chain charges in SDK gas.
    pub storage: StorageOps,
    /// Contract calls (executes, instantiates, queries, replies).
    pub calls: u32,
    /// VM gas of each call in the order they ran: (contract label, entry point, gas).
    pub profile: Vec<(String, &'static str, u64)>,
}

impl GasUsed {
    /// The SDK gas a wasmd chain would charge the contracts: VM gas at the default multiplier
    /// plus the KV store's gas (transaction overhead such as signatures is not included).
    pub fn sdk_gas(&self) -> u64 {
        self.vm.div_ceil(GAS_MULTIPLIER) + self.storage.sdk_gas()
    }
}

/// The result of a top-level call.
#[derive(Debug)]
pub struct TxResult {
    pub events: Vec<Event>,
    pub gas: GasUsed,
}

impl TxResult {
    /// The value of `key` in the first event of type `ty` that has it.
    pub fn attribute(&self, ty: &str, key: &str) -> Option<&str> {
        self.events
            .iter()
            .filter(|e| e.ty == ty)
            .flat_map(|e| &e.attributes)
            .find(|a| a.key == key)
            .map(|a| a.value.as_str())
    }
}

#[derive(Clone)]
struct ContractData {
    code_id: u64,
    label: String,
    creator: Addr,
    admin: Option<Addr>,
    /// `None` while the contract runs (its storage is inside the instance).
    storage: Option<ContractStorage>,
}

#[derive(Clone)]
struct State {
    block: BlockInfo,
    contracts: BTreeMap<Addr, ContractData>,
    balances: BTreeMap<(Addr, String), u128>,
    instances: u64,
    /// ICS-20 packets sent and not yet acknowledged or timed out, oldest first.
    packets: Vec<SentPacket>,
    sequence: u64,
}

/// An ICS-20 transfer on its way: the coin is held in the channel's escrow meanwhile.
#[derive(Clone)]
struct SentPacket {
    sender: Addr,
    coin: Coin,
    packet: IbcPacket,
}

/// The relayer that delivers acknowledgements and timeouts in the VM chain.
const RELAYER: &str = "relayer";

/// Where a channel holds the coins of transfers in flight.
fn escrow(channel: &str) -> Addr {
    Addr::unchecked(format!("escrow/{channel}"))
}

struct Inner {
    cache: Cache<MockApi, ContractStorage, ChainQuerier>,
    codes: RefCell<Vec<Checksum>>,
    state: RefCell<State>,
    gas: RefCell<GasUsed>,
    /// Handed to the queriers of running instances.
    me: Weak<Inner>,
    // the cache's directory lives as long as the chain
    _dir: tempfile::TempDir,
}

/// Answers the queries of a running contract, running other contracts as needed.
pub struct ChainQuerier {
    chain: Weak<Inner>,
}

/// A local chain running wasm artifacts in the VM.
pub struct Chain {
    inner: Rc<Inner>,
}

type Outcome = Result<(Vec<Event>, Option<Binary>), String>;

impl Chain {
    pub fn new() -> anyhow::Result<Chain> {
        let dir = tempfile::tempdir()?;
        let capabilities: HashSet<String> = CAPABILITIES.iter().map(|c| c.to_string()).collect();
        let options = CacheOptions::new(dir.path(), capabilities, Size::mebi(256), Size::mebi(32));
        // SAFETY: the cache directory is private to this chain
        let cache = unsafe { Cache::new(options)? };
        Ok(Chain {
            inner: Rc::new_cyclic(|me| Inner {
                me: me.clone(),
                cache,
                codes: RefCell::new(vec![]),
                state: RefCell::new(State {
                    block: BlockInfo {
                        height: 1_000,
                        time: Timestamp::from_seconds(1_700_000_000),
                        chain_id: "mars-vm".to_string(),
                    },
                    contracts: BTreeMap::new(),
                    balances: BTreeMap::new(),
                    instances: 0,
                    packets: vec![],
                    sequence: 0,
                }),
                gas: RefCell::new(GasUsed::default()),
                _dir: dir,
            }),
        })
    }

    /// Stores a wasm code after the checks a chain applies (static analysis, capabilities);
    /// returns its code id.
    pub fn store_code(&self, wasm: &[u8]) -> anyhow::Result<u64> {
        let checksum = self.inner.cache.store_code(wasm, true, true)?;
        let mut codes = self.inner.codes.borrow_mut();
        codes.push(checksum);
        Ok(codes.len() as u64)
    }

    /// A valid bech32 address for `name`.
    pub fn addr(&self, name: &str) -> Addr {
        cosmwasm_std::testing::MockApi::default().addr_make(name)
    }

    pub fn fund(&self, addr: &Addr, coins: &[Coin]) {
        self.inner.credit(addr, coins);
    }

    pub fn balance(&self, addr: &Addr, denom: &str) -> u128 {
        let state = self.inner.state.borrow();
        let key = (addr.clone(), denom.to_string());
        state.balances.get(&key).copied().unwrap_or_default()
    }

    /// Moves the block forward by `seconds` (and one height per five seconds).
    pub fn advance(&self, seconds: u64) {
        let mut state = self.inner.state.borrow_mut();
        state.block.time = state.block.time.plus_seconds(seconds);
        state.block.height += seconds.div_ceil(5).max(1);
    }

    pub fn block(&self) -> BlockInfo {
        self.inner.state.borrow().block.clone()
    }

    /// The wasm admin of `contract` (who may migrate it), if it has one.
    pub fn admin(&self, contract: &Addr) -> anyhow::Result<Option<Addr>> {
        let state = self.inner.state.borrow();
        let data = state
            .contracts
            .get(contract)
            .with_context(|| format!("no contract at {contract}"))?;
        Ok(data.admin.clone())
    }

    pub fn instantiate(
        &self,
        sender: &Addr,
        code_id: u64,
        msg: &impl Serialize,
        funds: &[Coin],
        label: &str,
        admin: Option<&Addr>,
    ) -> anyhow::Result<(Addr, TxResult)> {
        let msg = to_json_binary(msg)?;
        let mut addr = None;
        let tx = self.transaction(|inner| {
            let (a, events) =
                inner.instantiate(sender, code_id, &msg, funds, label, admin.cloned())?;
            addr = Some(a);
            Ok((events, None))
        })?;
        Ok((addr.expect("set on success"), tx))
    }

    pub fn execute(
        &self,
        sender: &Addr,
        contract: &Addr,
        msg: &impl Serialize,
        funds: &[Coin],
    ) -> anyhow::Result<TxResult> {
        let msg = to_json_binary(msg)?;
        self.transaction(|inner| inner.execute(sender, contract, &msg, funds))
    }

    pub fn query<T: DeserializeOwned>(
        &self,
        contract: &Addr,
        msg: &impl Serialize,
    ) -> anyhow::Result<T> {
        Ok(self.query_with_gas(contract, msg)?.0)
    }

    /// A query and the gas it took over every contract it reached.
    pub fn query_with_gas<T: DeserializeOwned>(
        &self,
        contract: &Addr,
        msg: &impl Serialize,
    ) -> anyhow::Result<(T, GasUsed)> {
        let msg = to_json_binary(msg)?;
        self.inner.gas.replace(GasUsed::default());
        let res = self.inner.query(contract, &msg);
        let gas = self.inner.gas.take();
        let bin = res.map_err(|e| anyhow!(e))?;
        Ok((from_json(&bin)?, gas))
    }

    /// Migrates `contract` to `code_id` with `msg`, as its wasm admin `sender`.
    pub fn migrate(
        &self,
        sender: &Addr,
        contract: &Addr,
        code_id: u64,
        msg: &impl Serialize,
    ) -> anyhow::Result<TxResult> {
        let msg = to_json_binary(msg)?;
        self.transaction(|inner| inner.migrate(sender, contract, code_id, &msg))
    }

    /// An ICS-20 transfer of `coin` received by `receiver`, whose memo names `contract` as its
    /// destination callback, as wasmd's callbacks middleware runs it: the coins credited, then
    /// `contract`'s `ibc_destination_callback` with the packet and the receive's success
    /// acknowledgement, in one transaction: a failed callback reverts the receive (the source
    /// chain then refunds the sender).
    pub fn ibc_transfer_callback(
        &self,
        contract: &Addr,
        receiver: &Addr,
        coin: Coin,
        packet: IbcPacket,
    ) -> anyhow::Result<TxResult> {
        let msg = IbcDestinationCallbackMsg {
            packet,
            ack: IbcAcknowledgement::new(br#"{"result":"AQ=="}"#.as_slice()),
        };
        self.transaction(|inner| {
            inner.credit(receiver, &[coin]);
            let res: IbcBasicResponse =
                inner.run(contract, "ibc_destination_callback", |instance, env| {
                    call_ibc_destination_callback(instance, env, &msg)
                })?;
            let res = Response::new()
                .add_submessages(res.messages)
                .add_attributes(res.attributes)
                .add_events(res.events);
            inner.process(contract, res)
        })
    }

    /// ICS-20 packets that contracts sent and that were neither acknowledged nor timed out,
    /// oldest first. A packet's data is what the transfer module writes (its denom is the
    /// coin's denom as it is here: the VM chain keeps no denom traces).
    pub fn ibc_packets(&self) -> Vec<IbcPacket> {
        let state = self.inner.state.borrow();
        state.packets.iter().map(|p| p.packet.clone()).collect()
    }

    /// The other chain acknowledges `packet` with `ack` (`{"result":..}` or `{"error":..}`), as
    /// the transfer module and the callbacks middleware handle it: an error acknowledgement
    /// refunds the escrowed coin to the sender, then the sender's `ibc_source_callback` runs
    /// if the memo asks for it.
    pub fn ibc_acknowledge(&self, packet: &IbcPacket, ack: &[u8]) -> anyhow::Result<TxResult> {
        let refund = mars_types::ics20::ack_error(ack).is_some();
        let ack = IbcAcknowledgement::new(ack.to_vec());
        self.settle_packet(packet, refund, |packet| {
            IbcSourceCallbackMsg::Acknowledgement(IbcAckCallbackMsg::new(
                ack,
                packet,
                Addr::unchecked(RELAYER),
            ))
        })
    }

    /// `packet` times out: its coin is refunded to the sender, then the sender's
    /// `ibc_source_callback` runs if the memo asks for it.
    pub fn ibc_timeout(&self, packet: &IbcPacket) -> anyhow::Result<TxResult> {
        self.settle_packet(packet, true, |packet| {
            IbcSourceCallbackMsg::Timeout(IbcTimeoutCallbackMsg::new(
                packet,
                Addr::unchecked(RELAYER),
            ))
        })
    }

    /// Ends a packet's life in one transaction. As ibc-go's callbacks middleware does, a failed
    /// source callback reverts only what the callback did; the transaction reports it in an
    /// `ibc_src_callback` event (`callback_result` `success` or `failure`, `callback_error`).
    fn settle_packet(
        &self,
        packet: &IbcPacket,
        refund: bool,
        callback: impl FnOnce(IbcPacket) -> IbcSourceCallbackMsg,
    ) -> anyhow::Result<TxResult> {
        self.transaction(|inner| {
            let sent = {
                let mut state = inner.state.borrow_mut();
                let at = state
                    .packets
                    .iter()
                    .position(|p| p.packet == *packet)
                    .ok_or("no such packet in flight")?;
                state.packets.remove(at)
            };
            let channel = &sent.packet.src.channel_id;
            let mut events = if refund {
                inner.transfer(
                    &escrow(channel),
                    &sent.sender,
                    std::slice::from_ref(&sent.coin),
                )?
            } else {
                vec![]
            };
            let data: serde_json::Value =
                from_json(&sent.packet.data).map_err(|e| e.to_string())?;
            let memo: serde_json::Value = data["memo"]
                .as_str()
                .and_then(|m| serde_json::from_str(m).ok())
                .unwrap_or_default();
            if memo["src_callback"]["address"].as_str() != Some(sent.sender.as_str()) {
                return Ok((events, None));
            }
            let msg = callback(sent.packet.clone());
            let snapshot = inner.state.borrow().clone();
            let result = inner
                .run(&sent.sender, "ibc_source_callback", |instance, env| {
                    call_ibc_source_callback(instance, env, &msg)
                })
                .and_then(|res: IbcBasicResponse| {
                    let res = Response::new()
                        .add_submessages(res.messages)
                        .add_attributes(res.attributes)
                        .add_events(res.events);
                    inner.process(&sent.sender, res)
                });
            let outcome = Event::new("ibc_src_callback")
                .add_attribute("callback_address", &sent.sender)
                .add_attribute("packet_sequence", sent.packet.sequence.to_string());
            match result {
                Ok((more, _)) => {
                    events.extend(more);
                    events.push(outcome.add_attribute("callback_result", "success"));
                }
                Err(e) => {
                    inner.state.replace(snapshot);
                    events.push(
                        outcome
                            .add_attribute("callback_result", "failure")
                            .add_attribute("callback_error", e),
                    );
                }
            }
            Ok((events, None))
        })
    }

    /// Runs `f` as one transaction: all of it or none of it.
    fn transaction(&self, f: impl FnOnce(&Inner) -> Outcome) -> anyhow::Result<TxResult> {
        let snapshot = self.inner.state.borrow().clone();
        self.inner.gas.replace(GasUsed::default());
        let res = f(&self.inner);
        let gas = self.inner.gas.take();
        match res {
            Ok((events, _)) => Ok(TxResult { events, gas }),
            Err(e) => {
                self.inner.state.replace(snapshot);
                bail!(e)
            }
        }
    }
}

fn wasm_events(contract: &Addr, res: &Response) -> Vec<Event> {
    let mut events = vec![];
    if !res.attributes.is_empty() {
        events.push(
            Event::new("wasm")
                .add_attribute("_contract_address", contract)
                .add_attributes(res.attributes.clone()),
        );
    }
    events.extend(res.events.iter().map(|e| {
        Event::new(format!("wasm-{}", e.ty))
            .add_attribute("_contract_address", contract)
            .add_attributes(e.attributes.clone())
    }));
    events
}

impl Inner {
    /// Creates `coins` in `addr`'s balance.
    fn credit(&self, addr: &Addr, coins: &[Coin]) {
        let mut state = self.state.borrow_mut();
        for c in coins {
            *state
                .balances
                .entry((addr.clone(), c.denom.clone()))
                .or_default() += c.amount.u128();
        }
    }

    fn env(&self, contract: &Addr) -> Env {
        Env {
            block: self.state.borrow().block.clone(),
            transaction: None,
            contract: ContractInfo {
                address: contract.clone(),
            },
        }
    }

    /// Runs one entry point of `contract` in a fresh instance over its storage.
    fn run<T>(
        &self,
        contract: &Addr,
        entry: &'static str,
        call: impl FnOnce(&mut VmInstance, &Env) -> VmResult<ContractResult<T>>,
    ) -> Result<T, String> {
        let (code_id, label, storage) = {
            let mut state = self.state.borrow_mut();
            let data = state
                .contracts
                .get_mut(contract)
                .ok_or_else(|| format!("no contract at {contract}"))?;
            let storage = data
                .storage
                .take()
                .ok_or_else(|| format!("{contract} is already running (re-entrant call)"))?;
            (data.code_id, data.label.clone(), storage)
        };
        let checksum = self.codes.borrow()[code_id as usize - 1];
        let backend = Backend {
            api: MockApi::default(),
            storage,
            querier: ChainQuerier {
                chain: self.me.clone(),
            },
        };
        let mut instance = self
            .cache
            .get_instance(
                &checksum,
                backend,
                InstanceOptions {
                    gas_limit: GAS_LIMIT,
                },
            )
            .map_err(|e| e.to_string())?;
        if std::env::var_os("MARS_VM_GAS_TRACE").is_some() {
            // a contract's `deps.api.debug(..)` prints the VM gas its call has used so far
            let label = label.clone();
            instance.set_debug_handler(move |msg, info| {
                eprintln!("{label}: {msg}: {}", GAS_LIMIT - info.gas_remaining)
            });
        }
        let env = self.env(contract);
        let result = call(&mut instance, &env);
        let report = instance.create_gas_report();
        let mut storage = instance.recycle().expect("backend returned").storage;
        {
            let mut gas = self.gas.borrow_mut();
            gas.vm += report.used_internally;
            gas.storage.add(&storage.take_ops());
            gas.calls += 1;
            gas.profile.push((label, entry, report.used_internally));
        }
        if let Some(data) = self.state.borrow_mut().contracts.get_mut(contract) {
            data.storage = Some(storage);
        }
        result.map_err(|e| e.to_string())?.into_result()
    }

    fn transfer(&self, from: &Addr, to: &Addr, coins: &[Coin]) -> Result<Vec<Event>, String> {
        let mut state = self.state.borrow_mut();
        for c in coins {
            let from_key = (from.clone(), c.denom.clone());
            let have = state.balances.get(&from_key).copied().unwrap_or_default();
            let left = have
                .checked_sub(c.amount.u128())
                .ok_or_else(|| format!("{from} has {have}{} but sends {c}", c.denom))?;
            state.balances.insert(from_key, left);
            *state
                .balances
                .entry((to.clone(), c.denom.clone()))
                .or_default() += c.amount.u128();
        }
        Ok(vec![Event::new("transfer")
            .add_attribute("recipient", to)
            .add_attribute("sender", from)
            .add_attribute(
                "amount",
                coins
                    .iter()
                    .map(Coin::to_string)
                    .collect::<Vec<_>>()
                    .join(","),
            )])
    }

    fn instantiate(
        &self,
        sender: &Addr,
        code_id: u64,
        msg: &Binary,
        funds: &[Coin],
        label: &str,
        admin: Option<Addr>,
    ) -> Result<(Addr, Vec<Event>), String> {
        if code_id == 0 || code_id as usize > self.codes.borrow().len() {
            return Err(format!("no code {code_id}"));
        }
        let addr = {
            let mut state = self.state.borrow_mut();
            state.instances += 1;
            let addr = cosmwasm_std::testing::MockApi::default()
                .addr_make(&format!("contract{}", state.instances));
            state.contracts.insert(
                addr.clone(),
                ContractData {
                    code_id,
                    label: label.to_string(),
                    creator: sender.clone(),
                    admin,
                    storage: Some(ContractStorage::default()),
                },
            );
            addr
        };
        let mut events = self.transfer(sender, &addr, funds)?;
        events.insert(
            0,
            Event::new("instantiate")
                .add_attribute("_contract_address", &addr)
                .add_attribute("code_id", code_id.to_string()),
        );
        let info = MessageInfo {
            sender: sender.clone(),
            funds: funds.to_vec(),
        };
        let res: Response = self.run(&addr, "instantiate", |instance, env| {
            call_instantiate(instance, env, &info, msg)
        })?;
        let (more, _) = self.process(&addr, res)?;
        events.extend(more);
        Ok((addr, events))
    }

    fn execute(&self, sender: &Addr, contract: &Addr, msg: &Binary, funds: &[Coin]) -> Outcome {
        let mut events = vec![Event::new("execute").add_attribute("_contract_address", contract)];
        if !funds.is_empty() {
            events.extend(self.transfer(sender, contract, funds)?);
        }
        let info = MessageInfo {
            sender: sender.clone(),
            funds: funds.to_vec(),
        };
        let res: Response = self.run(contract, "execute", |instance, env| {
            call_execute(instance, env, &info, msg)
        })?;
        let (more, data) = self.process(contract, res)?;
        events.extend(more);
        Ok((events, data))
    }

    fn migrate(&self, sender: &Addr, contract: &Addr, code_id: u64, msg: &Binary) -> Outcome {
        if code_id == 0 || code_id as usize > self.codes.borrow().len() {
            return Err(format!("no code {code_id}"));
        }
        {
            let mut state = self.state.borrow_mut();
            let data = state
                .contracts
                .get_mut(contract)
                .ok_or_else(|| format!("no contract at {contract}"))?;
            if data.admin.as_ref() != Some(sender) {
                return Err(format!("{sender} is not the wasm admin of {contract}"));
            }
            data.code_id = code_id;
        }
        let res: Response = self.run(contract, "migrate", |instance, env| {
            call_migrate(instance, env, msg)
        })?;
        let (more, data) = self.process(contract, res)?;
        let mut events = vec![Event::new("migrate")
            .add_attribute("_contract_address", contract)
            .add_attribute("code_id", code_id.to_string())];
        events.extend(more);
        Ok((events, data))
    }

    /// Emits a response's events and runs its submessages in order, with their replies.
    fn process(&self, contract: &Addr, res: Response) -> Outcome {
        let mut events = wasm_events(contract, &res);
        let mut data = res.data.clone();
        for sub in res.messages {
            let snapshot = self.state.borrow().clone();
            let result = match self.dispatch(contract, sub.msg) {
                Ok((sub_events, sub_data)) => {
                    events.extend(sub_events.clone());
                    #[allow(deprecated)]
                    SubMsgResult::Ok(SubMsgResponse {
                        events: sub_events,
                        data: sub_data,
                        msg_responses: vec![],
                    })
                }
                Err(e) => {
                    self.state.replace(snapshot);
                    SubMsgResult::Err(e)
                }
            };
            let reply = match (&result, sub.reply_on) {
                (SubMsgResult::Ok(_), ReplyOn::Success | ReplyOn::Always) => true,
                (SubMsgResult::Err(_), ReplyOn::Error | ReplyOn::Always) => true,
                (SubMsgResult::Err(e), _) => return Err(e.clone()),
                _ => false,
            };
            if reply {
                let reply = Reply {
                    id: sub.id,
                    payload: sub.payload,
                    gas_used: 0,
                    result,
                };
                let res: Response = self.run(contract, "reply", |instance, env| {
                    call_reply(instance, env, &reply)
                })?;
                let (reply_events, reply_data) = self.process(contract, res)?;
                events.extend(reply_events);
                if reply_data.is_some() {
                    data = reply_data;
                }
            }
        }
        Ok((events, data))
    }

    fn dispatch(&self, sender: &Addr, msg: CosmosMsg) -> Outcome {
        match msg {
            CosmosMsg::Bank(BankMsg::Send { to_address, amount }) => Ok((
                self.transfer(sender, &Addr::unchecked(to_address), &amount)?,
                None,
            )),
            CosmosMsg::Wasm(WasmMsg::Execute {
                contract_addr,
                msg,
                funds,
            }) => self.execute(sender, &Addr::unchecked(contract_addr), &msg, &funds),
            CosmosMsg::Wasm(WasmMsg::Instantiate {
                admin,
                code_id,
                msg,
                funds,
                label,
            }) => {
                let admin = admin.map(Addr::unchecked);
                let (_, events) = self.instantiate(sender, code_id, &msg, &funds, &label, admin)?;
                Ok((events, None))
            }
            CosmosMsg::Ibc(IbcMsg::Transfer {
                channel_id,
                to_address,
                amount,
                timeout,
                memo,
            }) => self.send_packet(sender, channel_id, to_address, amount, timeout, memo),
            other => Err(format!("message not supported by the VM chain: {other:?}")),
        }
    }

    /// An ICS-20 transfer sent: the coin moves to the channel's escrow and the packet waits
    /// for an acknowledgement or a timeout ([`Chain::ibc_acknowledge`], [`Chain::ibc_timeout`]).
    fn send_packet(
        &self,
        sender: &Addr,
        channel: String,
        receiver: String,
        coin: Coin,
        timeout: cosmwasm_std::IbcTimeout,
        memo: Option<String>,
    ) -> Outcome {
        let mut events = self.transfer(sender, &escrow(&channel), std::slice::from_ref(&coin))?;
        let data = to_json_binary(&serde_json::json!({
            "amount": coin.amount.to_string(),
            "denom": coin.denom,
            "memo": memo.unwrap_or_default(),
            "receiver": receiver,
            "sender": sender,
        }))
        .map_err(|e| e.to_string())?;
        let mut state = self.state.borrow_mut();
        state.sequence += 1;
        let packet = IbcPacket::new(
            data,
            IbcEndpoint {
                port_id: "transfer".into(),
                channel_id: channel.clone(),
            },
            IbcEndpoint {
                port_id: "transfer".into(),
                channel_id: "channel-0".into(),
            },
            state.sequence,
            timeout,
        );
        events.push(
            Event::new("send_packet")
                .add_attribute("packet_src_channel", channel)
                .add_attribute("packet_sequence", state.sequence.to_string()),
        );
        state.packets.push(SentPacket {
            sender: sender.clone(),
            coin,
            packet,
        });
        Ok((events, None))
    }

    fn query(&self, contract: &Addr, msg: &Binary) -> Result<Binary, String> {
        self.run(contract, "query", |instance, env| {
            // read raw, as wasmd reads a query's answer: cosmwasm-vm's typed `call_query`
            // refuses answers above 256 KiB, which a chain does not
            let answer = call_query_raw(instance, &cosmwasm_vm::to_vec(env)?, msg)?;
            cosmwasm_vm::from_slice(&answer, answer.len())
        })
    }

    fn answer(&self, request: QueryRequest<Empty>) -> Result<Binary, String> {
        match request {
            QueryRequest::Bank(BankQuery::Balance { address, denom }) => {
                let state = self.state.borrow();
                let amount = state
                    .balances
                    .get(&(Addr::unchecked(address), denom.clone()))
                    .copied()
                    .unwrap_or_default();
                to_bin(&BalanceResponse::new(Coin::new(amount, denom)))
            }
            QueryRequest::Wasm(WasmQuery::Smart { contract_addr, msg }) => {
                self.query(&Addr::unchecked(contract_addr), &msg)
            }
            QueryRequest::Wasm(WasmQuery::Raw { contract_addr, key }) => {
                let state = self.state.borrow();
                let data = state
                    .contracts
                    .get(&Addr::unchecked(&contract_addr))
                    .ok_or_else(|| format!("no contract at {contract_addr}"))?;
                let storage = data
                    .storage
                    .as_ref()
                    .ok_or("raw query of a running contract")?;
                Ok(storage.raw(&key).unwrap_or_default().into())
            }
            QueryRequest::Wasm(WasmQuery::ContractInfo { contract_addr }) => {
                let state = self.state.borrow();
                let data = state
                    .contracts
                    .get(&Addr::unchecked(&contract_addr))
                    .ok_or_else(|| format!("no contract at {contract_addr}"))?;
                to_bin(&ContractInfoResponse::new(
                    data.code_id,
                    data.creator.clone(),
                    data.admin.clone(),
                    false,
                    None,
                ))
            }
            other => Err(format!("query not supported by the VM chain: {other:?}")),
        }
    }
}

fn to_bin<T: Serialize>(value: &T) -> Result<Binary, String> {
    to_json_binary(value).map_err(|e| e.to_string())
}

impl Querier for ChainQuerier {
    fn query_raw(
        &self,
        request: &[u8],
        _gas_limit: u64,
    ) -> BackendResult<SystemResult<ContractResult<Binary>>> {
        let chain = self
            .chain
            .upgrade()
            .expect("the chain outlives its instances");
        let answer = match from_json::<QueryRequest<Empty>>(request) {
            Ok(request) => ContractResult::from(chain.answer(request)),
            Err(e) => ContractResult::Err(format!("unparsable query: {e}")),
        };
        // the queried contracts' gas is metered by their own instances
        (Ok(SystemResult::Ok(answer)), GasInfo::free())
    }
}
