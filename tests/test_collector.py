"""The cycle collector paused for an annex's batch work (config.collector), and always back."""

import gc

import pytest

from config.collector import collector_paused


@pytest.fixture(autouse=True)
def collector_on():
    gc.enable()
    yield
    gc.enable()


def test_paused_while_the_work_runs_and_back_after_it():
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_back_after_work_that_fails():
    @collector_paused()
    def failing():
        assert not gc.isenabled()
        raise ValueError("a row the file cannot give")

    with pytest.raises(ValueError):
        failing()
    assert gc.isenabled()


def test_a_pause_within_a_pause_does_not_end_the_outer_one():
    with collector_paused():
        with collector_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_turned_off_by_someone_else_stays_off():
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()
